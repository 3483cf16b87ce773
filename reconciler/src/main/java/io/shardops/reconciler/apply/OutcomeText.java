package io.shardops.reconciler.apply;

import io.shardops.planner.plan.Step;
import java.util.stream.Collectors;

/**
 * How a {@link RunOutcome} reads to a person, the same from {@code shardops apply}, {@code shardops up} and
 * the watcher: a short headline (a status line, a commit's summary) and a message that says what to do next.
 */
public final class OutcomeText {
    private OutcomeText() {}

    /**
     * How a person goes on from where a run stopped.
     *
     * @param command  the command that resumes the run, e.g. {@code shardops apply plan.json}; empty where the
     *                 run resumes by itself (the watcher, on its next poll)
     * @param approval how that command approves a gate, e.g. {@code --auto-approve}
     */
    public record Resume(String command, String approval) {
        public static Resume apply(String target) {
            return new Resume("shardops apply " + target, "--approve GATE (or --auto-approve)");
        }

        public static Resume up() {
            return new Resume("shardops up", "--auto-approve");
        }

        public static Resume watcher() {
            return new Resume("", "");
        }

        String approving(String gate) {
            return command.isEmpty() ? "" : "; or run " + command + " " + approval.replace("GATE", gate) + " to continue from there";
        }

        String again() {
            return command.isEmpty() ? "; the watcher resumes the run at that step when it applies again"
                    : " and run " + command + " again: it resumes at that step";
        }
    }

    /** Whether the run left the cluster as the plan wants. */
    public static boolean succeeded(RunOutcome outcome) {
        return switch (outcome) {
            case RunOutcome.Applied a -> true;
            case RunOutcome.NoChange n -> true;
            case RunOutcome.WaitingForApproval w -> false;
            case RunOutcome.Failed f -> false;
            case RunOutcome.Unsupported u -> false;
        };
    }

    /** One line, with the run id: {@code 3 of 5 steps run (run-…)}, {@code step 4 (verify-diff customer) failed (run-…)}. */
    public static String headline(RunOutcome outcome) {
        return switch (outcome) {
            case RunOutcome.Applied a -> a.ran() + " of " + a.total() + " steps run (" + a.runId() + ")";
            case RunOutcome.NoChange n -> "nothing to run (" + n.runId() + ")";
            case RunOutcome.WaitingForApproval w -> "stopped before " + step(w.step());
            case RunOutcome.Failed f -> step(f.step()) + " failed (" + f.runId() + ")";
            case RunOutcome.Unsupported u -> "this build cannot run every step of the plan; nothing was changed";
        };
    }

    /**
     * What happened and what to do next.
     *
     * @param resume how to go on where the run stopped
     */
    public static String message(RunOutcome outcome, Resume resume) {
        return switch (outcome) {
            case RunOutcome.Applied a -> "Apply complete! " + a.ran() + (a.ran() == 1 ? " step" : " steps") + " run"
                    + (a.total() > a.ran() ? " (" + (a.total() - a.ran()) + " done by an earlier run)" : "") + " (" + a.runId() + ").";
            case RunOutcome.NoChange n -> "No changes. The cluster already matches the plan.";
            case RunOutcome.WaitingForApproval w -> {
                Step s = w.step();
                yield "Stopped before " + step(s) + ": the policy requires approval for " + s.approval().word()
                        + ". Approve it with: shardops approve " + w.runId() + " " + s.index() + resume.approving(s.approval().word()) + ".";
            }
            case RunOutcome.Failed f -> capitalised(step(f.step())) + " failed: " + f.reason()
                    + ". Fix the cause" + resume.again() + ".";
            case RunOutcome.Unsupported u -> "This plan needs steps this build cannot run yet: " + u.missing().entrySet().stream()
                    .map(e -> e.getKey().word() + (e.getValue().size() == 1 ? " (step " : " (steps ")
                            + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")")
                    .collect(Collectors.joining(", "))
                    + ". Nothing was changed; there is no handler for them without a provisioner: apply to the local cluster"
                    + " of shardops up, or with --provisioner kubernetes.";
        };
    }

    /** {@code step 5 (switch-traffic customer-reshard)}. */
    public static String step(Step s) {
        return "step " + s.index() + " (" + s.kind().word() + " " + s.target() + ")";
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
