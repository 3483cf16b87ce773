package io.shardops.planner.lint;

import io.shardops.spec.LintCode;
import io.shardops.spec.schema.TableDef;
import java.util.ArrayList;
import java.util.List;

/** A unique key (or the primary key) the table had, with no unique key on the same columns after: duplicates become possible. */
final class UniqueKeyDropped implements LintRule {
    @Override
    public LintCode code() {
        return LintCode.UNIQUE_KEY_DROPPED;
    }

    @Override
    public void check(LintContext c) {
        for (TablePairs.Pair p : TablePairs.of(c)) {
            List<List<String>> after = uniqueKeys(p.after());
            if (!p.before().primaryKey().isEmpty() && !after.contains(lower(p.before().primaryKey()))) {
                report(c, p, "the primary key (" + String.join(", ", p.before().primaryKey()) + ")");
            }
            for (TableDef.Index i : p.before().indexes()) {
                if (i.unique() && !after.contains(lower(i.columns()))) {
                    report(c, p, "unique key " + i.name() + " (" + String.join(", ", i.columns()) + ")");
                }
            }
        }
    }

    private void report(LintContext c, TablePairs.Pair p, String what) {
        c.report(code(), c.table(p.keyspace(), p.after()), what + " of " + p.after().name() + " is dropped: the rule it enforced is gone, and code that relied on it"
                + " (INSERT ... ON DUPLICATE KEY, lookups by it) changes behaviour", "keep a unique key on the same columns, or drop it in a change of its own once nothing relies on it");
    }

    static List<List<String>> uniqueKeys(TableDef t) {
        List<List<String>> out = new ArrayList<>();
        if (!t.primaryKey().isEmpty()) {
            out.add(lower(t.primaryKey()));
        }
        t.indexes().stream().filter(TableDef.Index::unique).forEach(i -> out.add(lower(i.columns())));
        return out;
    }

    static List<String> lower(List<String> names) {
        return names.stream().map(TablePairs::lower).toList();
    }
}
