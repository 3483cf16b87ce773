package io.shardops.planner.lint;

import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.schema.TableDef;

/** A table with no primary key: moves (copy, binlog catch-up, verify-diff) and online schema changes find rows by it. */
final class TableWithoutPrimaryKey implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.TABLE_WITHOUT_PRIMARY_KEY;
    }

    @Override
    public void check(LintContext c) {
        for (Keyspace ks : c.after.keyspaces()) {
            for (TableDef t : ks.tables()) {
                if (t.primaryKey().isEmpty() && c.isNewOrChanged(ks, t)) {
                    c.report(code(), c.table(ks, t), "table " + ks.name() + "." + t.name() + " has no primary key: moves and online schema changes"
                            + " cannot find its rows one by one", "add a PRIMARY KEY (an id column if no natural key exists)");
                }
            }
        }
    }
}
