package io.shardops.planner.topology;

import java.util.List;

/**
 * {@code reconciler/state}: what the reconciler last applied and how far the current run is.
 *
 * @param appliedCommit the Git commit of the last spec applied to the end, or empty
 * @param appliedSpecHash the hash of that spec, or empty
 * @param run the run in progress (or the last one), or null
 */
public record ReconcilerRecord(String appliedCommit, String appliedSpecHash, RunProgress run) {
    public static final ReconcilerRecord NONE = new ReconcilerRecord("", "", null);

    /**
     * Progress of one apply run.
     *
     * @param planId      identifies the plan being applied (its spec hash and topology revision)
     * @param commit      the spec commit being applied, or empty
     * @param stepsTotal  number of steps in the plan
     * @param stepsDone   indexes (1-based) of steps finished
     * @param state       where the run is
     * @param message     a sentence for people: the step running, or why the run stopped
     * @param updatedAt   ISO-8601 time of the last update, written by the reconciler (the planner has no clock)
     */
    public record RunProgress(String planId, String commit, int stepsTotal, List<Integer> stepsDone, RunState state, String message, String updatedAt) {
        public RunProgress {
            stepsDone = List.copyOf(stepsDone);
        }
    }
}
