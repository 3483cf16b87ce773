package io.shardops.planner.plan;

import java.util.List;

/**
 * One step of a plan.
 *
 * @param index       1-based position in the plan
 * @param dependsOn   indexes of the steps that must be done first (all smaller than {@code index})
 * @param destructive whether the step destroys data or a topology object
 * @param approval    the policy gate class the step belongs to
 * @param gated       whether the cluster's policy makes apply stop for approval before this step
 * @param description a sentence for people
 */
public record Step(int index, Action action, List<Integer> dependsOn, boolean destructive, ApprovalClass approval, boolean gated, String description) {
    public Step {
        dependsOn = List.copyOf(dependsOn);
    }

    public StepKind kind() {
        return action.kind();
    }

    public String target() {
        return action.target();
    }
}
