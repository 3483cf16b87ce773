package io.shardops.planner.plan;

import io.shardops.spec.Problem;
import java.util.List;

/**
 * A computed plan: immutable, renderer- and executor-agnostic.
 *
 * @param findings the change review's findings (docs/lint.md), sorted by where they point; an error among them
 *                 stops {@code apply} before anything runs
 */
public record Plan(PlanSource from, PlanTarget to, List<Change> changes, List<Step> steps, List<Problem> findings) {
    public Plan {
        changes = List.copyOf(changes);
        steps = List.copyOf(steps);
        findings = List.copyOf(findings);
    }

    /** A plan without findings. */
    public Plan(PlanSource from, PlanTarget to, List<Change> changes, List<Step> steps) {
        this(from, to, changes, steps, List.of());
    }

    /** The findings at error severity: while there is one, {@code apply} refuses the plan and {@code preview} fails. */
    public List<Problem> blockingFindings() {
        return findings.stream().filter(Problem::isError).toList();
    }

    public boolean hasChanges() {
        return !steps.isEmpty() || !changes.isEmpty();
    }

    public List<Step> destructiveSteps() {
        return steps.stream().filter(Step::destructive).toList();
    }

    public List<Step> gatedSteps() {
        return steps.stream().filter(Step::gated).toList();
    }

    public Summary summary() {
        int add = 0;
        int change = 0;
        int destroy = 0;
        for (Change c : changes) {
            switch (c.action()) {
                case CREATE -> add++;
                case UPDATE -> change++;
                case DELETE -> destroy++;
                case REPLACE -> {
                    add++;
                    destroy++;
                }
            }
        }
        return new Summary(add, change, destroy, steps.size(), destructiveSteps().size(), gatedSteps().size());
    }

    /** The counts of the plan's last line: {@code Plan: 3 to add, 1 to change, 0 to destroy, 7 steps.} */
    public record Summary(int toAdd, int toChange, int toDestroy, int steps, int destructiveSteps, int gatedSteps) {
        public String line() {
            return "Plan: " + toAdd + " to add, " + toChange + " to change, " + toDestroy + " to destroy, " + steps + (steps == 1 ? " step." : " steps.");
        }
    }
}
