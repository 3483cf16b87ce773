package io.shardops.planner.topology;

import io.shardops.spec.Sequence;
import io.shardops.spec.schema.TableDef;
import java.util.List;
import java.util.Locale;

/** The table a Vitess sequence lives in, as the live schema records it. */
public final class SequenceTable {
    private SequenceTable() {}

    public static TableDef of(Sequence sequence) {
        return new TableDef(
                sequence.name().toLowerCase(Locale.ROOT),
                List.of(
                        new TableDef.Column("id", "int", false, false, null),
                        new TableDef.Column("next_id", "bigint", false, false, null),
                        new TableDef.Column("cache", "bigint", false, false, null)),
                List.of("id"),
                List.of(),
                "vitess_sequence",
                sequence.createTableSql());
    }
}
