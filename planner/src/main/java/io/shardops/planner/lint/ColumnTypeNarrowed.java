package io.shardops.planner.lint;

import io.shardops.spec.LintCode;
import io.shardops.spec.schema.TableDef;
import java.util.Optional;

/** A column whose new type cannot hold every value of the old one. */
final class ColumnTypeNarrowed implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.COLUMN_TYPE_NARROWED;
    }

    @Override
    public void check(LintContext c) {
        for (TablePairs.Pair p : TablePairs.of(c)) {
            for (TableDef.Column now : p.after().columns()) {
                Optional<TableDef.Column> was = p.before().column(now.name());
                if (was.isEmpty()) {
                    continue;
                }
                Optional<String> why = ColumnTypes.narrowing(was.get().type(), now.type());
                why.ifPresent(reason -> c.report(code(), c.column(p.keyspace(), p.after(), now.name()), "column " + p.after().name() + "." + now.name()
                                + " changes from " + was.get().type() + " to " + now.type() + ", " + reason,
                        "check the largest value in use first (e.g. SELECT MAX(LENGTH(" + now.name() + "))), or keep a type at least as wide"));
            }
        }
    }
}
