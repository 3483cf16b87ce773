package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupNames;
import io.shardops.dataplane.backup.LocalDirectoryLocation;
import io.shardops.planner.topology.BackupPolicyRecord;
import io.shardops.reconciler.backup.BackupPolicyRecorder;
import io.shardops.reconciler.backup.BackupStatus;
import io.shardops.reconciler.host.local.StateDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardops status} warns when a shard's last good backup is older than the applied policy allows, and when a
 * scheduled shard has none yet; the policy is the one a {@code set-backup-policy} step recorded in the state dir.
 */
class StatusBackupWarningTest {
    @TempDir
    Path state;

    private static final List<StatusCommand.ShardRow> SHARDS = List.of(
            new StatusCommand.ShardRow("commerce", "0", "-", "zone1-0000000100", true),
            new StatusCommand.ShardRow("customer", "-80", "-80", "zone1-0000000200", true));

    private static String print(List<BackupStatus.Row> rows) {
        StringWriter text = new StringWriter();
        StatusCommand.printText(new PrintWriter(text, true), new StatusCommand.Status("demo", "/state", "127.0.0.1:2379", true, 1,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), rows, List.of()));
        return text.toString();
    }

    private void backupEnded(Path location, String keyspace, String shard, Instant end) throws Exception {
        BackupCatalog catalog = new BackupCatalog(new LocalDirectoryLocation(location));
        String name = BackupNames.backupName(end.minusSeconds(60), "zone1-0000000102");
        String data = BackupNames.dataObject(keyspace, shard, name);
        catalog.location().write(data, new byte[] {1, 2, 3});
        catalog.writeManifest(new BackupManifest(name, keyspace, shard, "-", "zone1-0000000102", "0-100-5",
                end.minusSeconds(60), end, data, 3, 3, "0".repeat(64), "fake", "xbstream", "zstd"));
    }

    @Test
    void statusWarnsWhenTheLastBackupIsOlderThanTheScheduleAllows() throws Exception {
        Path location = state.resolve("backups");
        BackupPolicyRecorder.stateDir(state, location).record("commerce", new BackupPolicyRecord("", "", "", "6h", 7, "rdonly"));
        BackupPolicyRecorder.stateDir(state, location).record("customer", new BackupPolicyRecord("", "", "", "6h", 7, "rdonly"));
        backupEnded(location, "commerce", "0", Instant.now().minus(Duration.ofHours(7)));

        String text = print(StatusCommand.backupRows(new StateDir(state), SHARDS));
        assertTrue(text.contains("WARNING commerce/0: last backup is 4"), text);
        assertTrue(text.contains("the policy (every 6h) allows 375 min"), text);
        assertTrue(text.contains("WARNING customer/-80: no backup yet"), text);
    }

    @Test
    void aFreshBackupOrAPolicyWithoutScheduleWarnsOfNothing() throws Exception {
        Path location = state.resolve("backups");
        BackupPolicyRecorder.stateDir(state, location).record("commerce", new BackupPolicyRecord("", "", "", "6h", 7, "rdonly"));
        backupEnded(location, "commerce", "0", Instant.now().minus(Duration.ofHours(1)));

        String text = print(StatusCommand.backupRows(new StateDir(state), SHARDS));
        assertFalse(text.contains("WARNING"), "commerce's backup is an hour old; customer backs up on demand:\n" + text);
        assertTrue(text.contains("on demand"), text);
    }

    @Test
    void removingThePolicyLeavesTheDefaultAndItsLocation() throws Exception {
        Path location = state.resolve("backups");
        BackupPolicyRecorder recorder = BackupPolicyRecorder.stateDir(state, location);
        recorder.record("commerce", new BackupPolicyRecord("/var/backups/x", "", "", "6h", 3, "replica"));
        recorder.record("commerce", null);
        List<BackupStatus.Row> rows = StatusCommand.backupRows(new StateDir(state), SHARDS.subList(0, 1));
        assertEquals(1, rows.size());
        assertFalse(print(rows).contains("WARNING"), print(rows));
    }
}
