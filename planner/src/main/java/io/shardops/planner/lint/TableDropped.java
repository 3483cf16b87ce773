package io.shardops.planner.lint;

import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.schema.TableDef;
import java.util.Optional;

/** A table the state before has and no keyspace of the spec declares: dropping it loses its rows. */
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
                    SourceLocation at = ks.map(c::schemaOf).orElse(c.after.positions().fallback());
                    c.report(code(), at, "table " + name + "." + t.name() + " is dropped: its rows are lost"
                                    + (ks.isEmpty() ? " with keyspace " + name : ""),
                            "keep its CREATE TABLE if the data is still needed; rename it in a separate change, or back it up first");
                }
            }
        });
    }
}
