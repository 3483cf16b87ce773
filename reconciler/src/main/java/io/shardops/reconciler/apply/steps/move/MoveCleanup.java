package io.shardops.reconciler.apply.steps.move;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.topology.TopologySteps;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.apply.steps.tablets.TabletSteps;
import io.shardops.spec.sql.Sql;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The end of a move: {@code remove-tablet-controls} (the source's tablets stop refusing the moved tables),
 * {@code drop-tables} (the moved tables leave the source) and {@code complete-migration} (the streams are
 * forgotten, the workflow is completed).
 */
final class MoveCleanup {
    private final TabletManagers managers;
    private final MoveStreams streams;
    private final DeniedTables denied;
    private final Consumer<String> progress;

    MoveCleanup(TabletManagers managers, MoveStreams streams, DeniedTables denied, Consumer<String> progress) {
        this.managers = managers;
        this.streams = streams;
        this.denied = denied;
        this.progress = progress;
    }

    void removeTabletControls(Action.RemoveTabletControls a, StepContext ctx) {
        TopologySteps.removeTabletControls(a, ctx);
        denied.push(ctx.topology(), a.keyspace(), a.shards());
    }

    /** Drops the moved tables on the source shards' primaries (their replicas follow) and from the shards' Schema records. */
    void dropTables(Action.DropTables a, StepContext ctx) {
        Topology t = ctx.topology();
        for (WorkflowRecord w : t.workflows().values()) {
            if (w.sourceKeyspace().equals(a.keyspace()) && w.stage() != WorkflowStage.COMPLETED) {
                streams.deleteReverse(w, t);
            }
        }
        List<String> drops = a.tables().stream().map(x -> "DROP TABLE IF EXISTS " + Sql.identifier(x)).toList();
        TabletSteps steps = new TabletSteps(ctx.cluster(), name -> ctx.topology(), ctx.writer(), null, managers, null, "");
        progress.accept(steps.applySchema(new Action.ApplySchema(a.keyspace(), a.shards(), drops)));
        for (String shard : a.shards()) {
            Optional<ShardSchema> schema = ctx.topology().schema(a.keyspace(), shard);
            if (schema.isPresent()) {
                Set<String> gone = new LinkedHashSet<>();
                a.tables().forEach(x -> gone.add(x.toLowerCase(Locale.ROOT)));
                ctx.writer().putShardSchema(new ShardSchema(a.keyspace(), shard, schema.get().tables().stream()
                        .filter(d -> !gone.contains(d.name().toLowerCase(Locale.ROOT))).toList()));
            }
        }
    }

    /** Forward and reverse streams forgotten (rows stay), then the workflow is recorded complete. */
    void completeMigration(Action.CompleteMigration a, StepContext ctx) throws StepException {
        Topology t = ctx.topology();
        t.workflow(a.workflow()).ifPresent(w -> streams.deleteAll(w, t));
        TopologySteps.completeMigration(a, ctx);
    }
}
