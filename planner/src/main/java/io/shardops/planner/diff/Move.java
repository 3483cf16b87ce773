package io.shardops.planner.diff;

import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.TabletType;
import java.util.List;

/**
 * A data move the plan must carry to a stage: explicit (a {@code migrations} entry) or inferred
 * (a layout change, or a half-done workflow the spec no longer names), with its live workflow if any.
 *
 * @param nothingToMove the source holds none of the data yet (planning from an empty cluster): the
 *                      targets are created serving and no workflow runs
 */
record Move(
        String name,
        WorkflowKind kind,
        String sourceKeyspace,
        List<String> sourceShards,
        String targetKeyspace,
        List<String> targetShards,
        List<String> tables,
        boolean copy,
        List<TabletType> switched,
        boolean complete,
        boolean explicit,
        boolean nothingToMove,
        WorkflowRecord live,
        SourceLocation location) {

    static final List<TabletType> ALL_TYPES = List.of(TabletType.RDONLY, TabletType.REPLICA, TabletType.PRIMARY);

    Move {
        sourceShards = List.copyOf(sourceShards);
        targetShards = List.copyOf(targetShards);
        tables = List.copyOf(tables);
        switched = List.copyOf(switched);
    }

    boolean liveCopyStarted() {
        return live != null && live.stage().atLeast(WorkflowStage.COPYING);
    }

    boolean liveVerified() {
        return live != null && live.stage().atLeast(WorkflowStage.VERIFIED);
    }

    boolean liveComplete() {
        return live != null && live.stage() == WorkflowStage.COMPLETED;
    }

    List<TabletType> liveSwitched() {
        return live == null ? List.of() : live.switchedTabletTypes();
    }

    /** Whether this plan takes the move through its primary switch. */
    boolean switchesPrimaryNow() {
        return switched.contains(TabletType.PRIMARY) && !liveSwitched().contains(TabletType.PRIMARY);
    }

    boolean completesNow() {
        return complete && !liveComplete();
    }

    String describe() {
        return kind == WorkflowKind.MOVE_TABLES
                ? "MoveTables " + name + " (" + String.join(", ", tables) + " from " + sourceKeyspace + " to " + targetKeyspace + ")"
                : "Reshard " + name + " (" + sourceKeyspace + " " + String.join(", ", sourceShards) + " to " + String.join(", ", targetShards) + ")";
    }
}
