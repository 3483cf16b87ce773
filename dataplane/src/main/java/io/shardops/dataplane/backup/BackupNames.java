package io.shardops.dataplane.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where a backup's objects live in a location: {@code KEYSPACE/SHARD/BACKUP/} holding the data object
 * {@value #DATA} and, written last, the manifest {@value #MANIFEST}. A backup's name starts with its start time
 * in UTC, so names sort by time: {@code 20261207T170102Z-zone1-0000000102}.
 */
public final class BackupNames {
    public static final String DATA = "backup.xbstream.zst";
    /** How the data object is compressed, as manifests name it. */
    public static final String COMPRESSION = "zstd";
    public static final String MANIFEST = "MANIFEST.json";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BackupNames() {}

    /** A new backup's name: its start time to the second, then the tablet alias. */
    public static String backupName(Instant start, String tabletAlias) {
        return ObjectNames.check(STAMP.format(start) + "-" + tabletAlias);
    }

    /** The prefix of every backup of a keyspace, ending with {@code /}. */
    public static String keyspacePrefix(String keyspace) {
        return ObjectNames.check(keyspace) + "/";
    }

    /** The prefix of every backup of a shard, ending with {@code /}. */
    public static String shardPrefix(String keyspace, String shard) {
        return ObjectNames.check(keyspace + "/" + shard) + "/";
    }

    public static String dataObject(String keyspace, String shard, String backup) {
        return ObjectNames.check(shardPrefix(keyspace, shard) + backup + "/" + DATA);
    }

    public static String manifestObject(String keyspace, String shard, String backup) {
        return ObjectNames.check(shardPrefix(keyspace, shard) + backup + "/" + MANIFEST);
    }
}
