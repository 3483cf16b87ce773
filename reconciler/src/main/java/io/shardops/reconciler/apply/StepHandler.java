package io.shardops.reconciler.apply;

import io.shardops.planner.plan.Step;

/** Runs one kind of step. Must be idempotent: a step may run again after a crash or a retry. */
public interface StepHandler {

    /** Does the step; throws to fail it (the message is shown to people). */
    void run(Step step, StepContext context) throws Exception;

    /**
     * Whether the executor may run the step again after it failed or was interrupted half-way.
     * Topology writes through compare-and-swap are; a step that moved data without a record of how far
     * it got is not.
     */
    default boolean safeToRedo() {
        return true;
    }
}
