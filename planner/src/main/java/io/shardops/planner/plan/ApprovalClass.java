package io.shardops.planner.plan;

import io.shardops.spec.Policy;

/** Which approval gate of the policy a step falls under, if any. */
public enum ApprovalClass {
    NONE("none"),
    SWITCH_PRIMARY(Policy.SWITCH_PRIMARY),
    DESTROY(Policy.DESTROY),
    /** The cut-over of an online schema change whose keyspace says {@code postponeCutover}. */
    SCHEMA_CUTOVER("schema-cutover");

    private final String word;

    ApprovalClass(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static ApprovalClass fromWord(String word) {
        for (ApprovalClass c : values()) {
            if (c.word.equals(word)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown approval class '" + word + "': expected none, switch-primary, destroy or schema-cutover");
    }
}
