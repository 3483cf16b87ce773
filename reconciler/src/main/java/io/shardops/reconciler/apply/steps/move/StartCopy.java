package io.shardops.reconciler.apply.steps.move;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.SourceShard;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code start-copy}: records the workflow and each target shard's source shards, starts the forward
 * streams and waits until their copy is done. Safe to redo: streams resume from the position stored with
 * their rows.
 */
final class StartCopy {
    private final MoveStreams streams;
    private final CopyWait copy;

    StartCopy(MoveStreams streams, CopyWait copy) {
        this.streams = streams;
        this.copy = copy;
    }

    void run(Action.StartCopy a, StepContext ctx) throws Exception {
        Topology t = ctx.topology();
        WorkflowRecord w = t.workflow(a.workflow()).orElseGet(() -> new WorkflowRecord(a.workflow(), a.workflowKind(), a.sourceKeyspace(),
                a.sourceShards(), a.targetKeyspace(), a.targetShards(), a.tables(), WorkflowStage.COPYING, List.of(), List.of()));
        if (w.stage() == WorkflowStage.COMPLETED) {
            throw new StepException("workflow " + w.name() + " is an earlier move, already complete (" + w.sourceKeyspace() + "/"
                    + String.join(", ", w.sourceShards()) + " to " + w.targetKeyspace() + "/" + String.join(", ", w.targetShards())
                    + "); give the new migration another name");
        }
        if (t.workflow(a.workflow()).isEmpty()) {
            ctx.writer().putWorkflow(w);
        }
        for (String targetShard : a.targetShards()) {
            ShardRecord target = t.shard(a.targetKeyspace(), targetShard).orElseThrow(() ->
                    new StepException("target shard " + a.targetKeyspace() + "/" + targetShard + " does not exist; its create-shard step comes first"));
            List<SourceShard> sourceShards = new ArrayList<>();
            for (int i = 0; i < a.sourceShards().size(); i++) {
                sourceShards.add(new SourceShard(i, a.sourceKeyspace(), a.sourceShards().get(i), target.keyRange(), a.tables()));
            }
            ctx.writer().updateShard(a.targetKeyspace(), targetShard, s -> new ShardRecord(s.keyspace(), s.name(), s.keyRange(),
                    s.primaryAlias(), s.primaryServing(), s.tabletControls(), sourceShards, s.durability(), s.term()));
        }
        copy.await(w, ctx, streams.startForward(w, t));
    }
}
