package io.shardops.planner.diff;

import io.shardops.planner.lint.Before;
import io.shardops.planner.lint.Lint;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.plan.Step;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import java.util.ArrayList;
import java.util.List;

/** The planner: (desired cluster, live topology) → a plan, or the reasons it refuses. Pure. */
public final class Planner {
    private Planner() {}

    /**
     * Plans {@code desired} against {@code live}. The plan's source takes the topology revision and the
     * mod revisions of the keys read from {@code live} when {@code from} is of kind {@code topology}.
     */
    public static PlanResult plan(Cluster desired, Topology live, PlanSource from, PlanTarget to) {
        List<Problem> errors = new ArrayList<>();
        LiveView view = new LiveView(live.withoutSnapshots());
        PlanBuilder builder = new PlanBuilder(desired, view, errors);
        List<Step> steps = builder.build();
        if (!errors.isEmpty()) {
            return PlanResult.refused(errors);
        }
        PlanSource source = from.kind() == PlanSource.Kind.TOPOLOGY
                ? new PlanSource(from.kind(), from.spec(), from.specHash(), from.commit(), live.revision(), live.modRevisions())
                : from;
        // the review starts from every keyspace, snapshots too: the view's tables serve when it left none out
        Before before = view.topology == live ? view.before() : Before.of(live);
        Plan plan = new Plan(source, to, ObjectDiff.of(desired, view, builder.moves()), steps, Lint.check(desired, before));
        return PlanResult.of(plan);
    }

    /** Plans one spec against the state another spec describes ({@code plan --from}). */
    public static PlanResult plan(Cluster desired, Cluster fromSpec, PlanSource from, PlanTarget to) {
        return plan(desired, TopologyOf.spec(fromSpec), from, to);
    }
}
