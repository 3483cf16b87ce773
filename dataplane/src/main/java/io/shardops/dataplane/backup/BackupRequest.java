package io.shardops.dataplane.backup;

/**
 * What the reconciler asks a tablet to back up, and where to.
 *
 * @param location        the location as the policy writes it: a local directory or {@code s3://bucket/prefix}
 * @param credentialsFile a file with the location's credentials on the tablet's host; null or empty for none
 * @param keyspace        the tablet's keyspace
 * @param shard           the tablet's shard name
 * @param keyRange        the shard's key range ({@code -} for the whole range)
 */
public record BackupRequest(String location, String credentialsFile, String keyspace, String shard, String keyRange) {
    public BackupRequest {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("a backup request needs a location");
        }
        ObjectNames.check(keyspace + "/" + shard);
        keyRange = keyRange == null || keyRange.isBlank() ? "-" : keyRange;
        credentialsFile = credentialsFile == null ? "" : credentialsFile;
    }
}
