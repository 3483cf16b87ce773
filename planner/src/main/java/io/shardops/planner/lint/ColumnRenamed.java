package io.shardops.planner.lint;

import io.shardops.spec.LintCode;

/**
 * A column dropped and another added at the same position with the same type: most likely a rename, which a
 * declarative diff runs as drop + add, so the values of the old column are lost instead of carried over.
 */
final class ColumnRenamed implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.COLUMN_RENAMED;
    }

    @Override
    public void check(LintContext c) {
        for (TablePairs.Pair p : TablePairs.of(c)) {
            for (TablePairs.Rename r : TablePairs.renames(p)) {
                c.report(code(), c.column(p.keyspace(), p.after(), r.to().name()), "column " + p.after().name() + "." + r.from().name() + " looks renamed to "
                        + r.to().name() + ", but the change drops " + r.from().name() + " and adds an empty " + r.to().name() + ": its values are lost",
                        "add " + r.to().name() + " beside " + r.from().name() + ", copy the values and drop " + r.from().name()
                                + " in a later change; or set policy.lint.column-renamed if the drop is meant");
            }
        }
    }
}
