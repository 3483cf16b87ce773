package io.shardops.reconciler.gitops.watch;

import io.shardops.planner.plan.Plan;
import io.shardops.planner.topology.Topology;
import io.shardops.spec.Cluster;
import java.util.List;
import java.util.Optional;

/**
 * Carries a plan out. The apply executor (io.shardops.reconciler.apply) implements it; the watcher
 * only decides what to hand over and records what comes back. Called on the watcher's one thread,
 * so a new commit waits until the running plan returns, and the next plan starts from what it left.
 */
@FunctionalInterface
public interface Applier {

    /**
     * Applies {@code request.plan()}, stopping before a gated step the policy has not approved.
     * Called again with the same commit while the previous outcome was waiting for approval:
     * an executor resumes from its own progress record, it does not start over.
     */
    Outcome apply(Request request);

    /**
     * @param commit  the commit whose spec is desired
     * @param desired the validated spec at that commit
     * @param live    the topology the plan was computed from
     * @param plan    a plan with at least one step
     * @param dryRun  report only: the executor changes nothing
     */
    record Request(CommitInfo commit, Cluster desired, Topology live, Plan plan, boolean dryRun) {}

    /**
     * The plan of run {@code runId} as the applier recorded it, so a run waiting for approval is resumed
     * with the very plan it stopped in after a restart (planning again from the half-changed topology
     * would give a new plan, a new run, and lose the approval). Empty when the applier keeps no plans.
     */
    default Optional<Plan> recordedPlan(String cluster, String runId) {
        return Optional.empty();
    }

    /** What applying achieved; {@code runId} names the executor's run ("" when there is none, e.g. a dry run). */
    sealed interface Outcome {
        /** Every step done. */
        record Applied(String runId, String detail) implements Outcome {
            public Applied(String detail) {
                this("", detail);
            }
        }

        /** Nothing changed, as asked (--dry-run). */
        record Reported(String detail) implements Outcome {}

        /** Stopped before {@code stepIndex}, a step of a class the policy gates, until it is approved. */
        record WaitingForApproval(String runId, int stepIndex, String step, String detail) implements Outcome {
            public WaitingForApproval(int stepIndex, String step, String detail) {
                this("", stepIndex, step, detail);
            }
        }

        /** Could not start for a passing reason (another apply holds the lock, etcd unreachable): try again at the next poll. */
        record Retry(String detail) implements Outcome {}

        /** Stopped with an error; {@code errors} say where and what. */
        record Failed(String runId, String detail, List<String> errors) implements Outcome {
            public Failed {
                errors = List.copyOf(errors);
            }

            public Failed(String detail, List<String> errors) {
                this("", detail, errors);
            }
        }
    }

    /** The applier of --dry-run: changes nothing, says what it would have done. */
    Applier DRY_RUN = request -> new Outcome.Reported("dry run: " + request.plan().summary().line()
            + " not applied (" + request.plan().gatedSteps().size() + " would wait for approval)");
}
