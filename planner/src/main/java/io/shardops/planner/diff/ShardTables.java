package io.shardops.planner.diff;

import io.shardops.spec.schema.TableDef;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Per shard ({@code ks/s}): the tables it holds once the schema steps planned so far ran, by lowercase name. */
final class ShardTables {
    private final LiveView live;
    private final Map<String, Map<String, TableDef>> byShard = new HashMap<>();

    ShardTables(LiveView live) {
        this.live = live;
    }

    /** As {@link #of} for reading only: no copy unless an earlier step of this plan changed the shard. */
    Map<String, TableDef> view(String keyspace, String shard) {
        Map<String, TableDef> m = byShard.get(Words.key(keyspace, shard));
        if (m != null) {
            return m;
        }
        var schema = live.topology.schemas().get(Words.key(keyspace, shard));
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
            live.topology.schema(keyspace, shard).ifPresent(s -> s.tables().forEach(t -> m.put(t.name().toLowerCase(Locale.ROOT), t)));
            return m;
        });
    }
}
