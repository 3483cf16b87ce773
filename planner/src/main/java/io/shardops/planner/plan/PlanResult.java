package io.shardops.planner.plan;

import io.shardops.spec.Problem;
import java.util.List;
import java.util.Optional;

/** A plan, or the reasons the planner refuses to make one. */
public record PlanResult(Plan plan, List<Problem> errors) {
    public PlanResult {
        errors = List.copyOf(errors);
        if ((plan == null) == errors.isEmpty()) {
            throw new IllegalArgumentException("a plan result holds either a plan or errors");
        }
    }

    public static PlanResult of(Plan plan) {
        return new PlanResult(plan, List.of());
    }

    public static PlanResult refused(List<Problem> errors) {
        return new PlanResult(null, errors);
    }

    public boolean refused() {
        return plan == null;
    }

    public Optional<Plan> planIfAny() {
        return Optional.ofNullable(plan);
    }
}
