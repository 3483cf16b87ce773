package io.shardops.reconciler.backup;

import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.spec.TabletType;

/**
 * The backup policy in force for one keyspace, resolved: where, with which credentials, how many to keep and from
 * which tablet type.
 *
 * @param location        an absolute directory or {@code s3://bucket/prefix}
 * @param credentialsFile the location's credentials file on the tablets' hosts; empty for none
 * @param keep            how many backups per shard pruning keeps
 * @param from            {@link TabletType#RDONLY} or {@link TabletType#REPLICA}: the preferred source
 */
public record BackupSettings(String location, String credentialsFile, int keep, TabletType from) {
    public static final int DEFAULT_KEEP = 7;

    public BackupSettings {
        credentialsFile = credentialsFile == null ? "" : credentialsFile;
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        if (from == TabletType.PRIMARY) {
            throw new IllegalArgumentException("backups are taken from an rdonly or a replica; the primary only when nothing else runs");
        }
    }

    public BackupRequest request(String keyspace, String shard, String keyRange) {
        return new BackupRequest(location, credentialsFile, keyspace, shard, keyRange);
    }
}
