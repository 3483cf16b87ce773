package io.shardops.spec;

import java.util.Set;

/**
 * Approval gates: apply stops before a step of a gated class until a person approves it.
 * Classes: {@code switch-primary}, {@code destroy}.
 */
public record Policy(Set<String> requireApproval) {
    public static final String SWITCH_PRIMARY = "switch-primary";
    public static final String DESTROY = "destroy";
    public static final Policy NONE = new Policy(Set.of());

    public Policy {
        requireApproval = Set.copyOf(requireApproval);
    }

    public boolean gates(String stepClass) {
        return requireApproval.contains(stepClass);
    }
}
