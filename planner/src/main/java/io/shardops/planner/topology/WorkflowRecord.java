package io.shardops.planner.topology;

import io.shardops.spec.TabletType;
import java.util.List;

/**
 * {@code global/keyspaces/<target ks>/workflows/<name>}: one data move (MoveTables or Reshard).
 *
 * @param name                the migration's name (spec {@code migrations[].name}, or an inferred name)
 * @param tables              MoveTables: the tables moved; Reshard: empty
 * @param switchedTabletTypes tablet types already served by the target, a prefix of rdonly, replica, primary
 * @param streams             one per (source shard, target shard) pair
 */
public record WorkflowRecord(
        String name,
        WorkflowKind kind,
        String sourceKeyspace,
        List<String> sourceShards,
        String targetKeyspace,
        List<String> targetShards,
        List<String> tables,
        WorkflowStage stage,
        List<TabletType> switchedTabletTypes,
        List<StreamRecord> streams) {

    public WorkflowRecord {
        sourceShards = List.copyOf(sourceShards);
        targetShards = List.copyOf(targetShards);
        tables = List.copyOf(tables);
        switchedTabletTypes = List.copyOf(switchedTabletTypes);
        streams = List.copyOf(streams);
    }

    public boolean switched(TabletType tabletType) {
        return switchedTabletTypes.contains(tabletType);
    }

    /** Whether this move, not complete yet, moves {@code keyspace.table}: a Reshard moves every table of its keyspace. */
    public boolean moves(String keyspace, String table) {
        return stage != WorkflowStage.COMPLETED && (keyspace.equals(sourceKeyspace) || keyspace.equals(targetKeyspace))
                && (kind == WorkflowKind.RESHARD || tables.stream().anyMatch(table::equalsIgnoreCase));
    }

    public long rowsCopied() {
        return streams.stream().mapToLong(StreamRecord::rowsCopied).sum();
    }
}
