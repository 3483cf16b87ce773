package io.shardops.reconciler.apply.steps.move;

import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.topology.TopologySteps;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.TabletType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code switch-traffic}. rdonly and replica (or a primary already switched): routing only. Primary: the
 * cut-over. The source stops taking writes (gateways buffer what is refused meanwhile), open write
 * transactions end, every target applies the source's last write, forward streams stop and reverse streams
 * start; then routing names the targets. Anything failing before routing rolls back: the source serves
 * writes again and the forward streams resume.
 */
final class PrimaryCutover {
    /** How long a primary switch waits for the targets to apply the source's last write. */
    static final Duration CATCH_UP = Duration.ofSeconds(10);
    /** How long a transaction that wrote on the source may stay open once writes stopped, before it is killed. */
    static final Duration OPEN_TRANSACTION_GRACE = Duration.ofSeconds(1);

    /** What a switch-traffic step does, decided from the workflow record alone. */
    sealed interface Decision {
        /** Only routing records change (and the source's tablet controls, for MoveTables). */
        record RoutingOnly() implements Decision {}

        /** The primary cannot switch yet; the step fails with this reason. */
        record NotCopied(String reason) implements Decision {}

        /** The primary switches: writes stop on the source and resume on the targets. */
        record CutOver() implements Decision {}
    }

    static Decision decide(WorkflowRecord w, List<TabletType> types) {
        if (!types.contains(TabletType.PRIMARY) || w.switched(TabletType.PRIMARY)) {
            return new Decision.RoutingOnly();
        }
        if (!w.stage().atLeast(WorkflowStage.RUNNING)) {
            return new Decision.NotCopied("workflow " + w.name() + " is still " + w.stage().name().toLowerCase(Locale.ROOT)
                    + "; the primary switches only once the copy has finished");
        }
        return new Decision.CutOver();
    }

    private final TabletManagers managers;
    private final MoveStreams streams;
    private final DeniedTables denied;
    private final Consumer<String> progress;

    PrimaryCutover(TabletManagers managers, MoveStreams streams, DeniedTables denied, Consumer<String> progress) {
        this.managers = managers;
        this.streams = streams;
        this.denied = denied;
        this.progress = progress;
    }

    void run(Action.SwitchTraffic a, StepContext ctx) throws Exception {
        Topology t = ctx.topology();
        WorkflowRecord w = t.workflow(a.workflow()).orElseThrow(() -> new StepException(
                "workflow " + a.workflow() + " does not exist; its start-copy step must run before traffic can switch"));
        switch (decide(w, a.tabletTypes())) {
            case Decision.RoutingOnly r -> route(a, w, ctx);
            case Decision.NotCopied n -> throw new StepException(n.reason());
            case Decision.CutOver c -> {
                long t0 = System.nanoTime();
                holdWritesUntilTargetsCaughtUp(w, t);
                // the point of no return: routing names the targets; buffered statements go there
                route(a, w, ctx);
                progress.accept("primary traffic of " + w.name() + " switched to " + w.targetKeyspace() + " " + w.targetShards()
                        + String.format(Locale.ROOT, " (writes held for %.0f ms)", (System.nanoTime() - t0) / 1e6));
            }
        }
    }

    private void route(Action.SwitchTraffic a, WorkflowRecord w, StepContext ctx) throws StepException {
        TopologySteps.switchTraffic(a, ctx);
        if (w.kind() == WorkflowKind.MOVE_TABLES) {
            denied.push(ctx.topology(), w.sourceKeyspace(), w.sourceShards());
        }
    }

    /**
     * Steps 1 to 3 of the cut-over: source writes stop, targets catch up, forward streams stop and reverse
     * streams start. On any failure the source takes writes again and the forward streams resume.
     */
    void holdWritesUntilTargetsCaughtUp(WorkflowRecord w, Topology t) throws StepException {
        List<String> reverseStarted = new ArrayList<>();
        try {
            stopSourceWrites(w, t);
            progress.accept("primary switch of " + w.name() + ": source " + w.sourceKeyspace() + " " + w.sourceShards()
                    + " stopped writes; waiting for the targets to catch up");
            endOpenWriteTransactions(w, t);
            for (String sourceShard : w.sourceShards()) {
                String position = managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), sourceShard)).replicationPosition();
                for (String targetShard : w.targetShards()) {
                    managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard))
                            .waitForStreamPosition(MoveTablets.forwardStream(w, sourceShard), position, CATCH_UP);
                }
            }
            // the source takes no more writes: forward streams stop; reverse streams keep the source current
            streams.stopForward(w, t);
            streams.startReverse(w, t, reverseStarted);
        } catch (Exception e) {
            rollBack(w, t, reverseStarted);
            throw new StepException("primary switch of " + w.name() + " rolled back, the source serves writes again: " + e.getMessage());
        }
    }

    /** MoveTables: the source primaries deny the moved tables; Reshard: the source primaries stop serving. */
    private void stopSourceWrites(WorkflowRecord w, Topology t) throws StepException {
        for (String shard : w.sourceShards()) {
            TabletManager m = managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), shard));
            if (w.kind() == WorkflowKind.MOVE_TABLES) {
                Set<String> tables = new LinkedHashSet<>(DeniedTables.of(t, w.sourceKeyspace(), shard, TabletType.PRIMARY));
                tables.addAll(w.tables());
                m.setDeniedTables(List.copyOf(tables));
            } else {
                m.setServing(false);
            }
        }
    }

    /** A write transaction still open on a source could commit after its final position was read: each source primary ends them. */
    private void endOpenWriteTransactions(WorkflowRecord w, Topology t) throws StepException {
        for (String shard : w.sourceShards()) {
            int killed = managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), shard)).endOpenWriteTransactions(OPEN_TRANSACTION_GRACE);
            if (killed > 0) {
                progress.accept("primary switch of " + w.name() + ": killed " + killed + " transaction(s) still open on "
                        + w.sourceKeyspace() + "/" + shard + " " + OPEN_TRANSACTION_GRACE.toSeconds()
                        + " s after writes stopped; they rolled back, and their COMMIT fails");
            }
        }
    }

    private void rollBack(WorkflowRecord w, Topology t, List<String> reverseStarted) {
        for (String shard : w.sourceShards()) {
            try {
                TabletManager m = managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), shard));
                for (String reverse : reverseStarted) {
                    m.deleteStream(reverse);
                }
                if (w.kind() == WorkflowKind.MOVE_TABLES) {
                    m.setDeniedTables(DeniedTables.of(t, w.sourceKeyspace(), shard, TabletType.PRIMARY));
                } else {
                    m.setServing(true);
                }
            } catch (Exception e) {
                progress.accept("rollback of " + w.sourceKeyspace() + "/" + shard + " incomplete: " + e.getMessage());
            }
        }
        try {
            streams.startForward(w, t);
        } catch (Exception e) {
            progress.accept("restarting the forward streams of " + w.name() + " failed: " + e.getMessage() + "; run apply again");
        }
    }
}
