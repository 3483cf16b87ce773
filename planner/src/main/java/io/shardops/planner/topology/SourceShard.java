package io.shardops.planner.topology;

import io.shardops.spec.key.KeyRange;
import java.util.List;

/**
 * Where a target shard of a running move takes its rows from: a shard of the source keyspace,
 * filtered by key range (Reshard) or by table list (MoveTables).
 *
 * @param uid      the stream's number within the target shard, from 0
 * @param keyRange the rows to take (Reshard); the full range for MoveTables
 * @param tables   the tables to take (MoveTables); empty for Reshard
 */
public record SourceShard(int uid, String keyspace, String shard, KeyRange keyRange, List<String> tables) {
    public SourceShard {
        tables = List.copyOf(tables);
    }
}
