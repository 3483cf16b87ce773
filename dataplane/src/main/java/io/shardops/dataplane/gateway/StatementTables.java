package io.shardops.dataplane.gateway;

import java.util.List;
import java.util.function.Consumer;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.update.Update;

/** The table a parsed statement is about, its keyspace qualifier, and dropping such qualifiers. */
final class StatementTables {
    private StatementTables() {}

    static String mainTable(Statement st) {
        Table t = mainTableRef(st);
        return t == null ? null : t.getName().replace("`", "");
    }

    static String qualifier(Statement st) {
        Table t = mainTableRef(st);
        return t == null || t.getSchemaName() == null ? null : t.getSchemaName().replace("`", "");
    }

    private static Table mainTableRef(Statement st) {
        if (st instanceof PlainSelect ps && ps.getFromItem() instanceof Table t) {
            return t;
        }
        if (st instanceof PlainSelect ps && ps.getFromItem() instanceof ParenthesedSelect derived
                && derived.getSelect() instanceof PlainSelect inner && inner.getWithItemsList() == null) {
            return mainTableRef(inner);  // a subquery in FROM: the table it reads decides the keyspace
        }
        if (st instanceof Insert i) {
            return i.getTable();
        }
        if (st instanceof Update u) {
            return u.getTable();
        }
        if (st instanceof Delete d) {
            return d.getTable();
        }
        return null;
    }

    /** Drops {@code keyspace.} from table names: tablets know their tables unqualified. */
    static boolean stripKeyspaceQualifiers(Statement st, List<String> keyspaces) {
        boolean[] changed = {false};
        Consumer<FromItem> fix = fi -> {
            if (fi instanceof Table t && t.getSchemaName() != null && keyspaces.contains(t.getSchemaName().replace("`", ""))) {
                t.setSchemaName(null);
                changed[0] = true;
            }
        };
        if (st instanceof PlainSelect ps) {
            fixFrom(ps, fix);
        } else if (st instanceof Insert i) {
            fix.accept(i.getTable());
        } else if (st instanceof Update u) {
            fix.accept(u.getTable());
        } else if (st instanceof Delete d) {
            fix.accept(d.getTable());
        }
        return changed[0];
    }

    private static void fixFrom(PlainSelect ps, Consumer<FromItem> fix) {
        fix.accept(ps.getFromItem());
        if (ps.getFromItem() instanceof ParenthesedSelect derived && derived.getSelect() instanceof PlainSelect inner) {
            fixFrom(inner, fix);
        }
        if (ps.getJoins() != null) {
            for (Join j : ps.getJoins()) {
                fix.accept(j.getRightItem());
            }
        }
    }
}
