package io.shardops.planner.diff;

import io.shardops.planner.lint.Before;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.spec.TabletType;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Indexes over a live topology, built once so the diff stays linear in the cluster's size. Shards are found by
 * keyspace, then by name ({@link #at}): the names come from the spec's and the records' own strings, whose hashes
 * are computed once, where a {@code ks/shard} key would be built and hashed anew at every look-up.
 */
final class LiveView {
    final Topology topology;
    private final Map<String, List<ShardRecord>> shardsByKeyspace = new HashMap<>();
    private final Map<String, Map<String, LiveShard>> byKeyspace = new HashMap<>();
    private final Map<String, Set<TabletType>> servingTypesByShard = new HashMap<>();
    private final Map<String, Map<String, TableDef>> tablesByKeyspace = new HashMap<>();

    LiveView(Topology topology) {
        this.topology = topology;
        for (ShardRecord s : topology.shards().values()) {
            shardsByKeyspace.computeIfAbsent(s.keyspace(), k -> new ArrayList<>()).add(s);
            slot(s.keyspace(), s.name()).record(s);
        }
        shardsByKeyspace.values().forEach(l -> l.sort(Topology.BY_KEY_RANGE));
        LiveShard last = null;
        TabletRecord lastTablet = null;
        for (TabletRecord t : topology.tablets().values()) {
            // a shard's tablets mostly come one after another (aliases are given in blocks): one look-up per shard
            if (lastTablet == null || !t.shard().equals(lastTablet.shard()) || !t.keyspace().equals(lastTablet.keyspace())) {
                last = slot(t.keyspace(), t.shard());
            }
            last.add(t);
            lastTablet = t;
        }
        topology.schemas().forEach((key, schema) -> slotOfKey(key).schema(schema));
        topology.needsRebuild().forEach((key, aliases) -> slotOfKey(key).needsRebuild(aliases));
    }

    private LiveShard slot(String keyspace, String shard) {
        return byKeyspace.computeIfAbsent(keyspace, k -> new HashMap<>()).computeIfAbsent(shard, k -> new LiveShard());
    }

    /** The slot of a map keyed by {@link Topology#shardKey}. */
    private LiveShard slotOfKey(String shardKey) {
        int slash = shardKey.indexOf('/');
        return slash < 0 ? new LiveShard() : slot(shardKey.substring(0, slash), shardKey.substring(slash + 1));
    }

    /** What live holds of the shard; {@link LiveShard#NONE} when nothing. */
    LiveShard at(String keyspace, String shard) {
        Map<String, LiveShard> m = byKeyspace.get(keyspace);
        LiveShard s = m == null ? null : m.get(shard);
        return s == null ? LiveShard.NONE : s;
    }

    boolean hasKeyspace(String keyspace) {
        return topology.keyspaces().containsKey(keyspace);
    }

    List<ShardRecord> shards(String keyspace) {
        return shardsByKeyspace.getOrDefault(keyspace, List.of());
    }

    Optional<ShardRecord> shard(String keyspace, String shard) {
        return Optional.ofNullable(at(keyspace, shard).record());
    }

    List<TabletRecord> tablets(String keyspace, String shard) {
        return at(keyspace, shard).tablets();
    }

    /** Tablets of a shard counted as the spec counts them: the primary is one of the replicas. */
    int[] counts(String keyspace, String shard) {
        LiveShard s = at(keyspace, shard);
        return new int[] {s.replica(), s.rdonly()};
    }

    /** The tablet types the shard serves. Indexed on the first question: only a plan that stops or deletes shards asks. */
    Set<TabletType> servingTypes(String keyspace, String shard) {
        if (servingTypesByShard.isEmpty()) {
            for (SrvKeyspace srv : topology.srvKeyspaces().values()) {
                for (SrvKeyspace.Partition p : srv.partitions()) {
                    for (String s : p.shards()) {
                        servingTypesByShard.computeIfAbsent(Topology.shardKey(srv.keyspace(), s), k -> EnumSet.noneOf(TabletType.class)).add(p.servedType());
                    }
                }
            }
        }
        return servingTypesByShard.getOrDefault(Topology.shardKey(keyspace, shard), Set.of());
    }

    Optional<TableDef> table(String keyspace, String shard, String table) {
        ShardSchema schema = at(keyspace, shard).schema();
        return schema == null ? Optional.empty() : schema.table(table);
    }

    /**
     * The tables of a keyspace as its shards hold them: each table once, from the first shard (key-range order) that
     * has it. Gathered once per keyspace and plan (the reshard inference, the object diff and the review all ask).
     */
    Map<String, TableDef> tables(String keyspace) {
        Map<String, TableDef> cached = tablesByKeyspace.get(keyspace);
        if (cached != null) {
            return cached;
        }
        Map<String, TableDef> out = new LinkedHashMap<>();
        List<TableDef> previous = null;
        for (ShardRecord s : shards(keyspace)) {
            ShardSchema schema = at(keyspace, s.name()).schema();
            // shards mostly hold the same list: a list seen just before adds nothing
            if (schema != null && schema.tables() != previous) {
                for (TableDef t : schema.tables()) {
                    out.putIfAbsent(t.name().toLowerCase(Locale.ROOT), t);
                }
                previous = schema.tables();
            }
        }
        Map<String, TableDef> result = Collections.unmodifiableMap(out);
        tablesByKeyspace.put(keyspace, result);
        return result;
    }

    VSchema vschema(String keyspace) {
        return topology.vschemas().getOrDefault(keyspace, VSchema.EMPTY);
    }

    /** The review's starting point, from the tables gathered above: the same as {@link Before#of} on this topology. */
    Before before() {
        Map<String, Before.Keyspace> out = new LinkedHashMap<>();
        for (String ks : topology.keyspaces().keySet()) {
            out.put(ks, new Before.Keyspace(tables(ks), vschema(ks)));
        }
        return new Before(out);
    }
}
