package io.shardops.planner.lint;

import io.shardops.spec.LintCode;
import io.shardops.spec.schema.TableDef;

/** A column the table had and the spec no longer declares (a rename read as drop + add is {@link ColumnRenamed}'s). */
final class ColumnDropped implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.COLUMN_DROPPED;
    }

    @Override
    public void check(LintContext c) {
        for (TablePairs.Pair p : TablePairs.of(c)) {
            for (TableDef.Column col : TablePairs.dropped(p)) {
                if (TablePairs.renameOf(p, col).isEmpty()) {
                    c.report(code(), c.table(p.keyspace(), p.after()), "column " + p.after().name() + "." + col.name() + " (" + col.type()
                            + ") is dropped: its values are lost", "keep the column until nothing reads it, and back up its values before you drop it");
                }
            }
        }
    }
}
