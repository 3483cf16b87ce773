package io.shardops.spec.validate;

import io.shardops.spec.SourceLocation;
import io.shardops.spec.SpecPositions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where each part of a loaded spec was written, so semantic checks can point at it. Keys are
 * paths built by the static helpers below, by position in the merged {@code Cluster}
 * (keyspace i, shard j, migration k) and by name inside a VSchema.
 */
public final class SpecLocations {
    private final Map<String, SourceLocation> byKey = new HashMap<>();
    private final SourceLocation fallback;

    public SpecLocations(SourceLocation fallback) {
        this.fallback = fallback;
    }

    public void put(String key, SourceLocation location) {
        byKey.putIfAbsent(key, location);
    }

    /** The location of the first key that is known, else the spec's own location. */
    public SourceLocation get(String... keys) {
        for (String k : keys) {
            SourceLocation loc = byKey.get(k);
            if (loc != null) {
                return loc;
            }
        }
        return fallback;
    }

    /** The positions known now, as a value the model keeps ({@link io.shardops.spec.Cluster#positions()}). */
    public SpecPositions snapshot() {
        return new SpecPositions(byKey, fallback);
    }

    /** Where a column's definition starts in the table's CREATE TABLE. */
    public static String column(int ks, int table, String column) {
        return table(ks, table) + "/column/" + column.toLowerCase(Locale.ROOT);
    }

    /** Where the table's {@code i}th foreign key starts. */
    public static String foreignKey(int ks, int table, int i) {
        return table(ks, table) + "/foreign#" + i;
    }

    /** Where {@code policy.lint} sets a code's level. */
    public static String lint(String code) {
        return "policy/lint/" + code;
    }

    public static String keyspace(int ks) {
        return "ks#" + ks;
    }

    public static String keyspace(int ks, String part) {
        return "ks#" + ks + "/" + part;
    }

    public static String shard(int ks, int shard) {
        return "ks#" + ks + "/shard#" + shard;
    }

    public static String table(int ks, int table) {
        return "ks#" + ks + "/table#" + table;
    }

    public static String sequence(int ks, String name) {
        return "ks#" + ks + "/sequence/" + name;
    }

    public static String vindex(int ks, String name) {
        return "ks#" + ks + "/vindex/" + name;
    }

    public static String vtable(int ks, String name) {
        return "ks#" + ks + "/vtable/" + name;
    }

    public static String vtable(int ks, String name, String part) {
        return "ks#" + ks + "/vtable/" + name + "/" + part;
    }

    public static String migration(int m) {
        return "mig#" + m;
    }

    public static String migration(int m, String part) {
        return "mig#" + m + "/" + part;
    }

    public static String cell(int c) {
        return "cell#" + c;
    }
}
