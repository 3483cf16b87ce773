package io.shardops.planner.render;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.Step;
import java.util.Locale;
import java.util.Optional;

/**
 * What a reviewer wants to know about one schema change beyond its statements: how it runs and whether it can be
 * reverted. The plan cannot see table sizes, so the time estimate is printed by {@code apply} when the change starts
 * (docs/schema-changes.md).
 */
final class SchemaChangeNotes {
    private SchemaChangeNotes() {}

    /** True for the steps the "Schema changes" list of a preview names. */
    static boolean isSchemaChange(Step step) {
        return switch (step.action()) {
            case Action.SchemaChange c -> true;
            case Action.SchemaRevert r -> true;
            case Action.DropOldTable d -> true;
            case Action.ApplySchema a -> true;
            default -> false;
        };
    }

    /** The note for a schema step, or empty when there is nothing to say beyond its sentence. */
    static Optional<String> of(Step step) {
        return switch (step.action()) {
            case Action.SchemaChange c -> Optional.of("strategy: instant or in-place where MariaDB accepts it without "
                    + "blocking writes (asked at apply), else online through a shadow table; revertible after the "
                    + "cut-over with `shardops revert " + c.keyspace() + "." + c.table() + "`");
            case Action.SchemaRevert r -> Optional.of("strategy: instant revert (the old table swapped back in, no copy); no write lost");
            case Action.DropOldTable d -> Optional.of("after this step `shardops revert " + d.keyspace() + "." + d.table() + "` is no longer possible");
            case Action.ApplySchema a when a.statements().stream().anyMatch(SchemaChangeNotes::isAlter) ->
                    Optional.of("strategy: direct ALTER TABLE (MariaDB picks the algorithm; a copying ALTER blocks writes to the table); not revertible");
            default -> Optional.empty();
        };
    }

    private static boolean isAlter(String statement) {
        return statement.stripLeading().toLowerCase(Locale.ROOT).startsWith("alter");
    }
}
