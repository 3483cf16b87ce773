package io.shardops.reconciler.git;

import io.shardops.planner.plan.PlanError;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.topology.Topology;
import io.shardops.spec.Cluster;
import io.shardops.spec.SourceLocation;
import java.util.List;

/** The one place that calls the planner, so its API is adapted here only. */
final class Planning {
    private Planning() {}

    static PlanResult plan(Cluster desired, Topology live) {
        // Placeholder until io.shardops.planner.Planner lands.
        return PlanResult.refused(List.of(new PlanError("internal.no-planner", SourceLocation.UNKNOWN, "the planner is not built yet", "")));
    }
}
