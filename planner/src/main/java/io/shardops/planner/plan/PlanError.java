package io.shardops.planner.plan;

import io.shardops.spec.SourceLocation;

/**
 * Why the planner refuses: a stable code, where, what, and what to do instead.
 *
 * @param code     e.g. {@code table-still-serving}, {@code half-done-move}, {@code skipped-traffic-stage}
 * @param location the spec element that asks for the refused change
 * @param message  what is wrong, one sentence
 * @param hint     what to do instead
 */
public record PlanError(String code, SourceLocation location, String message, String hint) {
    public PlanError {
        location = location == null ? SourceLocation.UNKNOWN : location;
    }

    /** {@code FILE:LINE:COL: error: MESSAGE}, then an indented {@code hint:} line, like validation problems. */
    public String format() {
        String head = location + ": error: " + message;
        return hint == null || hint.isEmpty() ? head : head + "\n    hint: " + hint;
    }
}
