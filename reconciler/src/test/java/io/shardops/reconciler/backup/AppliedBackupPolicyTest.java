package io.shardops.reconciler.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.Cluster;
import io.shardops.spec.TabletType;
import io.shardops.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a local apply records of the spec's backup policy, and what new tablets are seeded from. */
class AppliedBackupPolicyTest {
    @TempDir
    Path stateDir;

    private static Path repo() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    @Test
    void aSpecWithoutAPolicyIsRecordedAndSeedsFromTheStateDirsBackups() throws Exception {
        Cluster cluster = SpecLoader.load(repo().resolve("examples/phases/101_initial_cluster.yaml")).orThrow();
        BackupSettingsSource source = AppliedBackupPolicy.recordLocal(stateDir, cluster);
        BackupSettings commerce = source.forKeyspace("commerce").orElseThrow();
        assertEquals(stateDir.toAbsolutePath().normalize().resolve("backups").toString(), commerce.location());
        assertEquals(TabletType.RDONLY, commerce.from());
        assertTrue(Files.isRegularFile(stateDir.resolve(AppliedBackupPolicy.FILE)), "the node's scheduler reads the recorded policy");
        assertEquals(commerce.location(), AppliedBackupPolicy.read(stateDir).orElseThrow().keyspace("commerce").orElseThrow().location());
    }

    @Test
    void withoutADesiredSpecNothingIsRecordedAndTheDefaultLocationServes() throws Exception {
        BackupSettingsSource source = AppliedBackupPolicy.recordLocal(stateDir, null);
        assertEquals(AppliedBackupPolicy.defaultLocation(stateDir).toString(), source.forKeyspace("any").orElseThrow().location());
        assertFalse(Files.exists(stateDir.resolve(AppliedBackupPolicy.FILE)));
    }
}
