package io.shardops.planner.topology;

import io.shardops.spec.schema.TableDef;
import java.util.List;
import java.util.Optional;

/**
 * {@code global/keyspaces/<ks>/shards/<shard>/Schema}: the tables that physically exist on a shard's
 * primary, as last read by the reconciler. Kept per shard because during a move the source keeps tables
 * the target already has, and new shards need their schema copied.
 */
public record ShardSchema(String keyspace, String shard, List<TableDef> tables) {
    public ShardSchema {
        tables = List.copyOf(tables);
    }

    public Optional<TableDef> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }
}
