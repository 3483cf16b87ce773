package io.shardops.planner.render;

import io.shardops.planner.plan.Step;
import java.util.Optional;

/**
 * What a reviewer wants to know about one schema change beyond its statements: how it runs (instant, in-place,
 * online through a shadow table, direct), an estimate of its time, and whether it can be reverted.
 *
 * <p>Hook: the plan does not carry a strategy yet, so this answers empty and the preview lists the schema changes
 * without it. When {@code Action.ApplySchema} carries its strategy (issue 18, item 1), return it here
 * (e.g. {@code "online, ~4 min, revertible"}); both the Markdown and the text plan show it beside the change.
 */
final class SchemaChangeNotes {
    private SchemaChangeNotes() {}

    /** The note for an {@code apply-schema} step, or empty when the plan does not say. */
    static Optional<String> of(Step step) {
        return Optional.empty();
    }
}
