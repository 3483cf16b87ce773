package io.shardops.planner.lint;

import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.schema.TableDef;
import java.util.Set;

/**
 * A table or column declared with a character set other than utf8mb4: the gateway and its connections speak
 * utf8mb4, so characters outside the declared set are refused or stored as '?'.
 */
final class CharsetNotUtf8mb4 implements LintRule {
    private static final Set<String> FINE = Set.of("", "utf8mb4", "binary");

    @Override
    public LintCode code() {
        return LintCode.CHARSET_NOT_UTF8MB4;
    }

    @Override
    public void check(LintContext c) {
        for (Keyspace ks : c.after.keyspaces()) {
            for (TableDef t : ks.tables()) {
                if (!c.isNewOrChanged(ks, t)) {
                    continue;
                }
                if (!FINE.contains(t.charset())) {
                    c.report(code(), c.table(ks, t), "table " + ks.name() + "." + t.name() + " uses character set " + t.charset()
                            + ": text outside it is refused or stored as '?'", "leave the character set out (the servers default to utf8mb4) or declare utf8mb4");
                }
                for (TableDef.Column col : t.columns()) {
                    if (!FINE.contains(col.charset())) {
                        c.report(code(), c.column(ks, t, col.name()), "column " + t.name() + "." + col.name() + " uses character set " + col.charset()
                                + ": text outside it is refused or stored as '?'", "leave the character set out or declare utf8mb4");
                    }
                }
            }
        }
    }
}
