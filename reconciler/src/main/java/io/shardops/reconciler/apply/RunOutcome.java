package io.shardops.reconciler.apply;

import io.shardops.planner.plan.Step;
import java.util.List;
import java.util.Map;
import io.shardops.planner.plan.StepKind;

/** How an apply run ended; one place (the CLI, the watcher) decides what to do about it. */
public sealed interface RunOutcome {
    String runId();

    /** Every step is done. {@code ran} counts the steps run now (not those done by an earlier, resumed run). */
    record Applied(String runId, int ran, int total) implements RunOutcome {}

    /** The plan had no steps. */
    record NoChange(String runId) implements RunOutcome {}

    /** Stopped before {@code step}, which the policy gates and nobody approved. */
    record WaitingForApproval(String runId, Step step) implements RunOutcome {}

    /** {@code step} failed; the run can be resumed once the reason is fixed. */
    record Failed(String runId, Step step, String reason) implements RunOutcome {}

    /** Nothing ran: some kinds of step have no handler here (tablet steps without a provisioner, as with apply --etcd). */
    record Unsupported(String runId, Map<StepKind, List<Integer>> missing) implements RunOutcome {}
}
