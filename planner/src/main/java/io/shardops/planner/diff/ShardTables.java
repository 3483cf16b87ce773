package io.shardops.planner.diff;

import io.shardops.planner.topology.ShardSchema;
import io.shardops.spec.schema.TableDef;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Per shard ({@code ks/s}): the tables it holds once the schema steps planned so far ran, by lowercase name. */
final class ShardTables {
    private final LiveView live;
    private final Map<String, Map<String, TableDef>> byShard = new HashMap<>();

    ShardTables(LiveView live) {
        this.live = live;
    }

    /**
     * The shard's tables as the topology lists them, when no earlier step of this plan changed them; else null. Shards
     * mostly hold equal lists, so a phase can skip a shard whose list equals one it already found nothing to do for.
     */
    List<TableDef> untouched(String keyspace, String shard) {
        if (!byShard.isEmpty() && byShard.containsKey(Words.key(keyspace, shard))) {
            return null;
        }
        ShardSchema schema = live.at(keyspace, shard).schema();
        return schema == null ? List.of() : schema.tables();
    }

    /** As {@link #of} for reading only: no copy unless an earlier step of this plan changed the shard. */
    Map<String, TableDef> view(String keyspace, String shard) {
        Map<String, TableDef> m = byShard.isEmpty() ? null : byShard.get(Words.key(keyspace, shard));
        if (m != null) {
            return m;
        }
        ShardSchema schema = live.at(keyspace, shard).schema();
        if (schema == null || schema.tables().isEmpty()) {
            return Map.of();
        }
        Map<String, TableDef> out = new HashMap<>(4);
        schema.tables().forEach(t -> out.put(t.name().toLowerCase(Locale.ROOT), t));
        return out;
    }

    /** The tables a shard holds (live, plus what earlier steps of this plan copied there); mutable, per plan. */
    Map<String, TableDef> of(String keyspace, String shard) {
        return byShard.computeIfAbsent(Words.key(keyspace, shard), k -> {
            Map<String, TableDef> m = new LinkedHashMap<>();
            ShardSchema schema = live.at(keyspace, shard).schema();
            if (schema != null) {
                schema.tables().forEach(t -> m.put(t.name().toLowerCase(Locale.ROOT), t));
            }
            return m;
        });
    }

    /** Whether two shards' table lists are the same: the same list, or equal ones (each shard's record is read apart). */
    static boolean same(List<TableDef> a, List<TableDef> b) {
        return a == b || (a != null && b != null && a.size() == b.size() && a.equals(b));
    }
}
