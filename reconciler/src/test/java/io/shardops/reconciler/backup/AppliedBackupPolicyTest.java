package io.shardops.reconciler.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.shardops.spec.Cluster;
import io.shardops.spec.TabletType;
import io.shardops.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What new tablets of a local apply are seeded from; the policy itself is recorded only by its plan step. */
class AppliedBackupPolicyTest {
    @TempDir
    Path stateDir;

    private static Path repo() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    @Test
    void aSpecWithoutAPolicySeedsFromTheStateDirsBackupsAndRecordsNothing() throws Exception {
        Cluster cluster = SpecLoader.load(repo().resolve("examples/phases/101_initial_cluster.yaml")).orThrow();
        Path fallback = AppliedBackupPolicy.defaultLocation(stateDir);
        BackupSettings commerce = AppliedBackupPolicy.of(cluster, fallback).source(fallback).forKeyspace("commerce").orElseThrow();
        assertEquals(stateDir.toAbsolutePath().normalize().resolve("backups").toString(), commerce.location());
        assertEquals(TabletType.RDONLY, commerce.from());
        assertFalse(Files.exists(stateDir.resolve(AppliedBackupPolicy.FILE)), "recorded by the set-backup-policy step, not before the plan is approved");
    }
}
