package io.shardops.planner.topology;

import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * One consistent read of a cluster's topology from etcd.
 *
 * @param clusterName  the etcd root is {@code /shardops/<clusterName>}
 * @param revision     the etcd revision of the read (0 when not read from etcd)
 * @param modRevisions the mod revision of every key read, by etcd key; a saved plan is stale when any of them moved
 * @param cells        cell names
 * @param keyspaces    by keyspace name
 * @param shards       by {@code ks/shard} (see {@link #shardKey})
 * @param tablets      by tablet alias
 * @param srvKeyspaces by {@code cell/ks}
 * @param vschemas     by keyspace name
 * @param schemas      the live tables, by {@code ks/shard}
 * @param workflows    data moves by workflow name
 * @param reconciler   the reconciler's own record
 * @param needsRebuild by {@code ks/shard}: the tablets its failover record keeps out for errant transactions
 *                     ({@code .../shards/<shard>/Failovers}); a plan replaces them (docs/replace.md)
 * @param schemaChanges each table's latest schema change, by {@code ks/table} (table lowercase; see {@link #schemaChange})
 */
public record Topology(
        String clusterName,
        long revision,
        Map<String, Long> modRevisions,
        List<String> cells,
        Map<String, KeyspaceRecord> keyspaces,
        Map<String, ShardRecord> shards,
        Map<String, TabletRecord> tablets,
        Map<String, SrvKeyspace> srvKeyspaces,
        Map<String, VSchema> vschemas,
        Map<String, ShardSchema> schemas,
        Map<String, WorkflowRecord> workflows,
        ReconcilerRecord reconciler,
        Map<String, List<String>> needsRebuild,
        Map<String, SchemaChangeRecord> schemaChanges) {

    /** A topology with no tablet kept out for rebuild and no schema change records (a spec's, a test's). */
    public Topology(String clusterName, long revision, Map<String, Long> modRevisions, List<String> cells,
                    Map<String, KeyspaceRecord> keyspaces, Map<String, ShardRecord> shards, Map<String, TabletRecord> tablets,
                    Map<String, SrvKeyspace> srvKeyspaces, Map<String, VSchema> vschemas, Map<String, ShardSchema> schemas,
                    Map<String, WorkflowRecord> workflows, ReconcilerRecord reconciler) {
        this(clusterName, revision, modRevisions, cells, keyspaces, shards, tablets, srvKeyspaces, vschemas, schemas, workflows,
                reconciler, Map.of());
    }

    /** A topology without schema change records. */
    public Topology(String clusterName, long revision, Map<String, Long> modRevisions, List<String> cells,
                    Map<String, KeyspaceRecord> keyspaces, Map<String, ShardRecord> shards, Map<String, TabletRecord> tablets,
                    Map<String, SrvKeyspace> srvKeyspaces, Map<String, VSchema> vschemas, Map<String, ShardSchema> schemas,
                    Map<String, WorkflowRecord> workflows, ReconcilerRecord reconciler, Map<String, List<String>> needsRebuild) {
        this(clusterName, revision, modRevisions, cells, keyspaces, shards, tablets, srvKeyspaces, vschemas, schemas, workflows,
                reconciler, needsRebuild, Map.of());
    }

    /** A cluster with nothing in it yet. */
    public static final Topology EMPTY = empty("");

    public Topology {
        modRevisions = frozen(modRevisions);
        cells = List.copyOf(cells);
        keyspaces = frozen(keyspaces);
        shards = frozen(shards);
        tablets = frozen(tablets);
        srvKeyspaces = frozen(srvKeyspaces);
        vschemas = frozen(vschemas);
        schemas = frozen(schemas);
        workflows = frozen(workflows);
        reconciler = reconciler == null ? ReconcilerRecord.NONE : reconciler;
        Map<String, List<String>> rebuild = new LinkedHashMap<>();
        (needsRebuild == null ? Map.<String, List<String>>of() : needsRebuild).forEach((k, v) -> rebuild.put(k, List.copyOf(v)));
        needsRebuild = Collections.unmodifiableMap(rebuild);
        schemaChanges = frozen(schemaChanges == null ? Map.of() : schemaChanges);
    }

    /** This topology with these schema change records (by {@link #schemaChangeKey}). */
    public Topology withSchemaChanges(Map<String, SchemaChangeRecord> changes) {
        return new Topology(clusterName, revision, modRevisions, cells, keyspaces, shards, tablets, srvKeyspaces, vschemas, schemas, workflows,
                reconciler, needsRebuild, changes);
    }

    /** The key of {@link #schemaChanges}: {@code ks/table}, the table lowercase as MariaDB's names are here. */
    public static String schemaChangeKey(String keyspace, String table) {
        return keyspace + "/" + table.toLowerCase(java.util.Locale.ROOT);
    }

    /** The table's latest schema change, if it ever had one. */
    public Optional<SchemaChangeRecord> schemaChange(String keyspace, String table) {
        return Optional.ofNullable(schemaChanges.get(schemaChangeKey(keyspace, table)));
    }

    public static Topology empty(String clusterName) {
        return new Topology(clusterName, 0, Map.of(), List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), ReconcilerRecord.NONE);
    }

    public static String shardKey(String keyspace, String shard) {
        return keyspace + "/" + shard;
    }

    public boolean isEmpty() {
        return keyspaces.isEmpty() && shards.isEmpty() && tablets.isEmpty();
    }

    /**
     * This topology without its snapshot keyspaces ({@code shardops restore --into}) and what belongs to them: the
     * view plans are made from, so the spec neither deletes nor changes a snapshot keyspace.
     */
    public Topology withoutSnapshots() {
        Set<String> snapshots = new HashSet<>();
        keyspaces.values().stream().filter(KeyspaceRecord::isSnapshot).forEach(k -> snapshots.add(k.name()));
        if (snapshots.isEmpty()) {
            return this;
        }
        return new Topology(clusterName, revision, modRevisions, cells,
                without(keyspaces, (k, v) -> snapshots.contains(k)),
                without(shards, (k, v) -> snapshots.contains(v.keyspace())),
                without(tablets, (k, v) -> snapshots.contains(v.keyspace())),
                without(srvKeyspaces, (k, v) -> snapshots.contains(v.keyspace())),
                without(vschemas, (k, v) -> snapshots.contains(k)),
                without(schemas, (k, v) -> snapshots.contains(k.substring(0, k.indexOf('/') < 0 ? k.length() : k.indexOf('/')))),
                workflows, reconciler, without(needsRebuild, (k, v) -> snapshots.contains(k.substring(0, k.indexOf('/') < 0 ? k.length() : k.indexOf('/')))),
                without(schemaChanges, (k, v) -> snapshots.contains(v.keyspace())));
    }

    private static <V> Map<String, V> without(Map<String, V> m, BiPredicate<String, V> drop) {
        Map<String, V> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!drop.test(k, v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    public Optional<KeyspaceRecord> keyspace(String name) {
        return Optional.ofNullable(keyspaces.get(name));
    }

    public Optional<ShardRecord> shard(String keyspace, String shard) {
        return Optional.ofNullable(shards.get(shardKey(keyspace, shard)));
    }

    /** The shards of a keyspace in key-range order. Linear in the number of shards: callers that loop build an index. */
    public List<ShardRecord> shardsOf(String keyspace) {
        List<ShardRecord> out = new ArrayList<>();
        for (ShardRecord s : shards.values()) {
            if (s.keyspace().equals(keyspace)) {
                out.add(s);
            }
        }
        out.sort(BY_KEY_RANGE);
        return out;
    }

    public Optional<ShardSchema> schema(String keyspace, String shard) {
        return Optional.ofNullable(schemas.get(shardKey(keyspace, shard)));
    }

    public Optional<WorkflowRecord> workflow(String name) {
        return Optional.ofNullable(workflows.get(name));
    }

    public Topology withRevisions(long newRevision, Map<String, Long> newModRevisions) {
        return new Topology(clusterName, newRevision, newModRevisions, cells, keyspaces, shards, tablets, srvKeyspaces, vschemas, schemas, workflows,
                reconciler, needsRebuild, schemaChanges);
    }

    /** The tablets of a shard its failover record keeps out for errant transactions ({@code needs-rebuild}). */
    public List<String> needsRebuild(String keyspace, String shard) {
        return needsRebuild.getOrDefault(shardKey(keyspace, shard), List.of());
    }

    /** Shards ordered by where their key range starts, then by where it ends (an open end last). */
    public static final Comparator<ShardRecord> BY_KEY_RANGE = (a, b) -> {
        int c = KeyRange.compare(a.keyRange().start(), b.keyRange().start());
        if (c != 0) {
            return c;
        }
        byte[] ea = a.keyRange().end();
        byte[] eb = b.keyRange().end();
        if (ea.length == 0 || eb.length == 0) {
            return Boolean.compare(ea.length == 0, eb.length == 0);
        }
        return KeyRange.compare(ea, eb);
    };

    private static <K, V> Map<K, V> frozen(Map<K, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
