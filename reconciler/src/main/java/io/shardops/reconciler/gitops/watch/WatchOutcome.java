package io.shardops.reconciler.gitops.watch;

/** What became of a head commit the watcher saw; recorded so a restart knows what not to redo. */
public enum WatchOutcome {
    /** The plan ran to the end. */
    APPLIED,
    /** The spec matched the live topology: an empty plan. */
    NO_CHANGES,
    /** Planned and reported only (--dry-run). */
    DRY_RUN,
    /** Stopped before a gated step (policy.requireApproval) until a person approves it. */
    WAITING_FOR_APPROVAL,
    /** The spec was invalid or the plan refused: never applied, the last good commit stays. */
    REFUSED,
    /** Applying failed; the apply executor's own record says where to resume. */
    FAILED;

    /** True when the commit needs no more work from the watcher: it is never planned or applied again. */
    public boolean settled() {
        return this != WAITING_FOR_APPROVAL;
    }

    /** True when the commit's spec is now what the cluster should look like (the baseline of the next plan). */
    public boolean good() {
        return this == APPLIED || this == NO_CHANGES || this == DRY_RUN;
    }
}
