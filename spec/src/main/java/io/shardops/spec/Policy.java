package io.shardops.spec;

import java.util.Set;

/**
 * Approval gates: apply stops before a step of a gated class until a person approves it.
 * Classes: {@code switch-primary}, {@code destroy}. {@code selfHeal}: the watcher corrects drift
 * (live topology changed behind its back) by applying the last applied commit's spec again,
 * instead of only reporting it. {@code lint}: the level of each change-review code.
 */
public record Policy(Set<String> requireApproval, boolean selfHeal, LintPolicy lint) {
    public static final String SWITCH_PRIMARY = "switch-primary";
    public static final String DESTROY = "destroy";
    public static final Policy NONE = new Policy(Set.of());

    public Policy {
        requireApproval = Set.copyOf(requireApproval);
        lint = lint == null ? LintPolicy.DEFAULTS : lint;
    }

    public Policy(Set<String> requireApproval, boolean selfHeal) {
        this(requireApproval, selfHeal, LintPolicy.DEFAULTS);
    }

    public Policy(Set<String> requireApproval) {
        this(requireApproval, false);
    }

    public boolean gates(String stepClass) {
        return requireApproval.contains(stepClass);
    }
}
