package io.shardops.planner.lint;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.Topology;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The state a change starts from, as the review compares it: each keyspace's tables and VSchema. Made from the
 * live topology ({@code plan}, {@code apply}), from the base commit's spec ({@code preview}), or {@link #NONE}
 * ({@code validate}: only the rules that need no earlier state report anything).
 *
 * @param keyspaces by keyspace name
 */
public record Before(Map<String, Keyspace> keyspaces) {
    public static final Before NONE = new Before(Map.of());

    /** One keyspace before the change: its tables by lowercase name, and its VSchema. */
    public record Keyspace(Map<String, TableDef> tables, VSchema vschema) {
        public Keyspace {
            tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        }
    }

    public Before {
        keyspaces = Collections.unmodifiableMap(new LinkedHashMap<>(keyspaces));
    }

    /** The tables and VSchemas a topology records: each table once, from the first shard (key-range order) that has it. */
    public static Before of(Topology live) {
        Map<String, List<ShardRecord>> shardsOf = new HashMap<>();  // one pass, not one per keyspace
        live.shards().values().forEach(s -> shardsOf.computeIfAbsent(s.keyspace(), k -> new ArrayList<>()).add(s));
        shardsOf.values().forEach(l -> l.sort(Topology.BY_KEY_RANGE));
        Map<String, Keyspace> out = new LinkedHashMap<>();
        for (String ks : live.keyspaces().keySet()) {
            Map<String, TableDef> tables = new LinkedHashMap<>();
            for (ShardRecord s : shardsOf.getOrDefault(ks, List.of())) {
                ShardSchema schema = live.schemas().get(s.key());
                if (schema != null) {
                    schema.tables().forEach(t -> tables.putIfAbsent(key(t.name()), t));
                }
            }
            out.put(ks, new Keyspace(tables, live.vschemas().getOrDefault(ks, VSchema.EMPTY)));
        }
        return new Before(out);
    }

    /** The table in {@code keyspace}, else (it moved) in whichever keyspace had it. */
    Optional<TableDef> table(String keyspace, String table) {
        Keyspace k = keyspaces.get(keyspace);
        if (k != null && k.tables().containsKey(key(table))) {
            return Optional.of(k.tables().get(key(table)));
        }
        return keyspaces.values().stream().map(x -> x.tables().get(key(table))).filter(t -> t != null).findFirst();
    }

    Optional<Keyspace> keyspace(String name) {
        return Optional.ofNullable(keyspaces.get(name));
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
