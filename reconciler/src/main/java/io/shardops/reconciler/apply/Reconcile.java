package io.shardops.reconciler.apply;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.topology.RunState;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * One apply, the same for {@code shardops apply}, {@code shardops up} and the watcher: plan the desired spec
 * against the live topology, let the caller show the plan and say go, run it with the {@link Executor} and
 * return how it ended. A saved plan skips the planning but is refused when the topology it read has moved.
 */
public final class Reconcile {

    /** How one reconcile ended; the caller renders it ({@link OutcomeText} for a run's outcome). */
    public sealed interface Result {
        /** The planner refused the spec against this topology; nothing ran. */
        record Refused(List<Problem> errors) implements Result {}

        /** The change review found an error in the plan ({@link Plan#blockingFindings()}); nothing ran. */
        record Blocked(Plan plan) implements Result {}

        /** A saved plan whose topology keys moved since it was made; nothing ran. */
        record Stale(List<Staleness.KeyChange> changes) implements Result {}

        /** The cluster already matches the spec; nothing ran. */
        record NoChanges(Plan plan) implements Result {}

        /** The caller did not go ahead (no confirmation); nothing ran. */
        record Declined(Plan plan) implements Result {}

        /** The plan ran (or resumed); the outcome says how far. */
        record Ran(Plan plan, RunOutcome outcome) implements Result {}
    }

    private final TopoStore store;
    private final Executor executor;

    public Reconcile(TopoStore store, StepDispatch dispatch, Executor.Options options, Clock clock, PrintWriter progress) {
        this.store = store;
        this.executor = new Executor(store, dispatch, options, clock, progress);
    }

    /** Plans {@code desired} against the live topology now; runs the plan if it has changes and {@code goAhead} says so. */
    public Result spec(Cluster desired, PlanTarget target, Predicate<Plan> goAhead) {
        Topology live = new EtcdTopologySource(store).read(desired.name());
        PlanResult result = Planner.plan(desired, live, PlanSource.ofTopology(live.revision(), live.modRevisions()), target);
        if (result.refused()) {
            return new Result.Refused(result.errors());
        }
        Plan plan = result.plan();
        if (!plan.blockingFindings().isEmpty()) {
            return new Result.Blocked(plan);
        }
        if (!plan.hasChanges() || plan.steps().isEmpty()) {
            return new Result.NoChanges(plan);
        }
        if (!goAhead.test(plan)) {
            return new Result.Declined(plan);
        }
        return new Result.Ran(plan, executor.run(plan));
    }

    /**
     * Runs a plan saved earlier if the live topology is still what it read. A run of this very plan that
     * stopped part-way moved the keys itself, so it resumes without that check.
     */
    public Result savedPlan(Plan plan) {
        if (!plan.blockingFindings().isEmpty()) {
            return new Result.Blocked(plan); // saved with an error finding: policy.lint is the spec's to change, not the plan file's
        }
        Executor.Prepared prepared = executor.prepare(plan);
        boolean started = prepared.earlier().map(r -> r.state() == RunState.DONE || !r.stepsDone().isEmpty()).orElse(false);
        if (!started) {
            Topology live = new EtcdTopologySource(store).read(plan.to().cluster());
            List<Staleness.KeyChange> changes = Staleness.changes(plan.from().modRevisions(), live.modRevisions());
            if (!changes.isEmpty()) {
                return new Result.Stale(changes);
            }
        }
        return new Result.Ran(plan, executor.run(prepared));
    }

    /** Serialises {@code plan} and reads its run, for a caller that decides on the earlier run before {@link #run}. */
    public Executor.Prepared prepare(Plan plan) {
        return executor.prepare(plan);
    }

    /** Runs (or resumes) a plan made by the caller (the watcher plans each commit itself). */
    public RunOutcome run(Executor.Prepared prepared) {
        return executor.run(prepared);
    }
}
