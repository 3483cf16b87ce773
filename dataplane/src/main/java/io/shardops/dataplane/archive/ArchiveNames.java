package io.shardops.dataplane.archive;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a shard's archive lies in the backup location: {@code binlogs/<keyspace>/<shard>/} holding segments
 * {@code 0000000001.binlog} with their manifests {@code 0000000001.json} (numbered in order, zero-padded so the
 * location's sorted listing is the archive's order) and {@code progress.json}, how far an idle archive is known
 * to reach.
 */
public final class ArchiveNames {
    private static final Pattern MANIFEST = Pattern.compile("(\\d{10})\\.json");
    private static final Pattern SEGMENT = Pattern.compile("(\\d{10})\\.binlog");

    private ArchiveNames() {}

    public static String prefix(String keyspace, String shard) {
        return "binlogs/" + keyspace + "/" + shard + "/";
    }

    public static String segment(String keyspace, String shard, long number) {
        return prefix(keyspace, shard) + String.format("%010d.binlog", number);
    }

    public static String manifest(String keyspace, String shard, long number) {
        return prefix(keyspace, shard) + String.format("%010d.json", number);
    }

    public static String progress(String keyspace, String shard) {
        return prefix(keyspace, shard) + "progress.json";
    }

    /** The segment number of a manifest's name, or empty for any other object. */
    static OptionalLong manifestNumber(String name) {
        int slash = name.lastIndexOf('/');
        Matcher m = MANIFEST.matcher(name.substring(slash + 1));
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The segment number of a segment data object's name, or empty for any other object. */
    static OptionalLong segmentNumber(String name) {
        Matcher m = SEGMENT.matcher(name.substring(name.lastIndexOf('/') + 1));
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
