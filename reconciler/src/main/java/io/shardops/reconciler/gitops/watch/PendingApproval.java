package io.shardops.reconciler.gitops.watch;

/**
 * The gated step a watched run waits at.
 *
 * @param step the step's index in the plan, as {@code shardops approve RUN STEP} takes it
 * @param line what status shows, {@code step 3: switch-traffic customer-reshard}
 */
public record PendingApproval(int step, String line) {
    public static PendingApproval of(int step, String what) {
        return new PendingApproval(step, "step " + step + ": " + what);
    }
}
