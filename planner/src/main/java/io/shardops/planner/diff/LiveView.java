package io.shardops.planner.diff;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.spec.TabletType;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Indexes over a live topology, built once so the diff stays linear in the cluster's size. */
final class LiveView {
    final Topology topology;
    private final Map<String, List<ShardRecord>> shardsByKeyspace = new HashMap<>();
    private final Map<String, List<TabletRecord>> tabletsByShard = new HashMap<>();
    private final Map<String, Set<TabletType>> servingTypesByShard = new HashMap<>();

    LiveView(Topology topology) {
        this.topology = topology;
        for (ShardRecord s : topology.shards().values()) {
            shardsByKeyspace.computeIfAbsent(s.keyspace(), k -> new ArrayList<>()).add(s);
        }
        shardsByKeyspace.values().forEach(l -> l.sort(Topology.BY_KEY_RANGE));
        for (TabletRecord t : topology.tablets().values()) {
            tabletsByShard.computeIfAbsent(t.shardKey(), k -> new ArrayList<>()).add(t);
        }
        for (SrvKeyspace srv : topology.srvKeyspaces().values()) {
            for (SrvKeyspace.Partition p : srv.partitions()) {
                for (String shard : p.shards()) {
                    servingTypesByShard.computeIfAbsent(Topology.shardKey(srv.keyspace(), shard), k -> EnumSet.noneOf(TabletType.class)).add(p.servedType());
                }
            }
        }
    }

    boolean hasKeyspace(String keyspace) {
        return topology.keyspaces().containsKey(keyspace);
    }

    List<ShardRecord> shards(String keyspace) {
        return shardsByKeyspace.getOrDefault(keyspace, List.of());
    }

    Optional<ShardRecord> shard(String keyspace, String shard) {
        return topology.shard(keyspace, shard);
    }

    List<TabletRecord> tablets(String keyspace, String shard) {
        return tabletsByShard.getOrDefault(Topology.shardKey(keyspace, shard), List.of());
    }

    /** Tablets of a shard counted as the spec counts them: the primary is one of the replicas. */
    int[] counts(String keyspace, String shard) {
        int replica = 0;
        int rdonly = 0;
        for (TabletRecord t : tablets(keyspace, shard)) {
            if (t.type() == TabletType.RDONLY) {
                rdonly++;
            } else {
                replica++;
            }
        }
        return new int[] {replica, rdonly};
    }

    Set<TabletType> servingTypes(String keyspace, String shard) {
        return servingTypesByShard.getOrDefault(Topology.shardKey(keyspace, shard), Set.of());
    }

    Optional<TableDef> table(String keyspace, String shard, String table) {
        return topology.schema(keyspace, shard).flatMap(s -> s.table(table));
    }

    /** The tables of a keyspace as its shards hold them: each table once, from the first shard (key-range order) that has it. */
    Map<String, TableDef> tables(String keyspace) {
        Map<String, TableDef> out = new LinkedHashMap<>();
        for (ShardRecord s : shards(keyspace)) {
            ShardSchema schema = topology.schemas().get(s.key());
            if (schema != null) {
                for (TableDef t : schema.tables()) {
                    out.putIfAbsent(t.name().toLowerCase(Locale.ROOT), t);
                }
            }
        }
        return out;
    }

    VSchema vschema(String keyspace) {
        return topology.vschemas().getOrDefault(keyspace, VSchema.EMPTY);
    }
}
