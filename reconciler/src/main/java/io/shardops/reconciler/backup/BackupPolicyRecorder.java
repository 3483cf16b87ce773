package io.shardops.reconciler.backup;

import io.shardops.planner.topology.BackupPolicyRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a {@code set-backup-policy} step leaves a keyspace's policy besides its topology record, for the readers
 * that run without the spec: on a local cluster, {@link AppliedBackupPolicy}'s file in the state dir, which the
 * node's {@link BackupScheduler}, {@code shardops backup}, {@code backups} and {@code status} read.
 */
@FunctionalInterface
public interface BackupPolicyRecorder {
    /** Records {@code policy} (null: none, backups on demand into the default location) for {@code keyspace}. */
    void record(String keyspace, BackupPolicyRecord policy) throws IOException;

    /** Nothing besides the topology record (a cluster this process runs no node of). */
    BackupPolicyRecorder NONE = (keyspace, policy) -> {};

    /** A local cluster's {@code <state dir>/backup-policy.json}; {@code defaultLocation} where a policy names none. */
    static BackupPolicyRecorder stateDir(Path stateDir, Path defaultLocation) {
        return (keyspace, policy) -> {
            // one writer at a time: two steps of one plan may record different keyspaces
            synchronized (BackupPolicyRecorder.class) {
                AppliedBackupPolicy current = AppliedBackupPolicy.read(stateDir).orElse(new AppliedBackupPolicy(Map.of()));
                current.with(keyspace, policy == null ? null : AppliedBackupPolicy.Entry.of(policy, defaultLocation)).write(stateDir);
            }
        };
    }
}
