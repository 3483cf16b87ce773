package io.shardops.reconciler.apply.steps.move;

import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * After a shard's primary changed (a failover or a planned reparent), the streams of the moves it takes part in are
 * started again from the topology as it is now: a forward stream followed the source's old primary, or ran on the
 * target's old primary; a reverse stream likewise the other way. Each goes on from its stored position (its state is
 * in the tablet's database, replicated to the new primary with the rows it wrote).
 */
public final class StreamsAfterReparent {
    private StreamsAfterReparent() {}

    /** The moves of {@code keyspace/shard} whose streams were started again; a failure is logged and skipped. */
    public static List<String> restart(TabletManagers managers, Topology t, String keyspace, String shard, Consumer<String> log) {
        List<String> restarted = new ArrayList<>();
        MoveStreams streams = new MoveStreams(managers, line -> {});
        for (WorkflowRecord w : t.workflows().values()) {
            boolean involved = w.sourceKeyspace().equals(keyspace) && w.sourceShards().contains(shard)
                    || w.targetKeyspace().equals(keyspace) && w.targetShards().contains(shard);
            // before the copy nothing streams; after completion nothing is left to follow
            if (!involved || !w.stage().atLeast(WorkflowStage.COPYING) || w.stage() == WorkflowStage.COMPLETED) {
                continue;
            }
            try {
                if (w.switched(TabletType.PRIMARY)) {
                    streams.startReverse(w, t, new ArrayList<>());
                } else {
                    streams.startForward(w, t);
                }
                restarted.add(w.name());
            } catch (StepException | RuntimeException e) {
                log.accept("move " + w.name() + ": its streams could not follow the new primary of " + keyspace + "/" + shard + " ("
                        + e.getMessage() + "); apply starts them again when it resumes the move");
            }
        }
        return restarted;
    }
}
