package io.shardops.reconciler.apply.steps;

/**
 * Runs one step, its action already chosen by the dispatch. Must be idempotent: a step may run again
 * after a crash or a retry.
 */
@FunctionalInterface
public interface StepHandler {

    /** Does the step; throws to fail it (the message is shown to people). */
    void run(StepContext context) throws Exception;

    /**
     * Whether the executor may run the step again after it failed or was interrupted half-way.
     * Topology writes through compare-and-swap are; a step that moved data without a record of how far
     * it got is not.
     */
    default boolean safeToRedo() {
        return true;
    }
}
