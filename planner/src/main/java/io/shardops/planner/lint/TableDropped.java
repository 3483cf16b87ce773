package io.shardops.planner.lint;

import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.schema.TableDef;
import java.util.List;
import java.util.Optional;

/**
 * A table the state before has and no keyspace of the spec declares: dropping it loses its rows. When the change
 * creates a table with the same columns in the keyspace, the finding says it reads like a rename (drop + create).
 */
final class TableDropped implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.TABLE_DROPPED;
    }

    @Override
    public void check(LintContext c) {
        c.before.keyspaces().forEach((name, was) -> {
            Optional<Keyspace> ks = c.after.keyspace(name);
            for (TableDef t : was.tables().values()) {
                if (!c.declaredAnywhere(t.name())) {
                    Optional<TableDef> twin = ks.flatMap(k -> sameColumnsCreated(c, k, t));
                    SourceLocation at = twin.isPresent() ? c.table(ks.get(), twin.get()) : ks.map(c::schemaOf).orElse(c.after.positions().fallback());
                    c.report(code(), at, "table " + name + "." + t.name() + " is dropped: its rows are lost"
                                    + (ks.isEmpty() ? " with keyspace " + name : "")
                                    + twin.map(x -> "; " + x.name() + " is created with the same columns: a rename runs as drop + create").orElse(""),
                            twin.isPresent()
                                    ? "to rename, create " + twin.get().name() + " beside " + t.name() + ", copy the rows, then drop " + t.name() + " in a later change"
                                    : "keep its CREATE TABLE if the data is still needed; rename it in a separate change, or back it up first");
                }
            }
        });
    }

    /** A table the change creates in the keyspace with the same columns (names and types) as the dropped one: likely a rename. */
    private static Optional<TableDef> sameColumnsCreated(LintContext c, Keyspace ks, TableDef dropped) {
        return ks.tables().stream()
                .filter(t -> c.before.table(ks.name(), t.name()).isEmpty())
                .filter(t -> signature(t).equals(signature(dropped)))
                .findFirst();
    }

    private static List<String> signature(TableDef t) {
        return t.columns().stream().map(col -> TablePairs.lower(col.name()) + " " + ColumnTypes.normal(col.type())).toList();
    }
}
