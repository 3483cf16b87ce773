package io.shardops.dataplane.gateway;

import java.util.List;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * {@code WITH t AS (SELECT ...) SELECT ... FROM t}, with t used once, is the same query as the subquery written
 * in FROM: so written, the gateway routes it as a subquery in FROM ({@link DerivedTables}). A recursive WITH, one
 * with a column list, several, or one named more than once is left as written (it runs where the statement goes
 * to one shard).
 */
final class CommonTableExpressions {
    private CommonTableExpressions() {}

    /** Rewrites {@code ps} in place; whether it did. {@code text} is the statement as written, to count uses. */
    static boolean inline(PlainSelect ps, String text) {
        List<WithItem<?>> with = ps.getWithItemsList();
        if (with == null || with.size() != 1) {
            return false;
        }
        WithItem<?> item = with.get(0);
        if (item.isRecursive() || item.getWithItemList() != null || item.getSelect() == null
                || !(ps.getFromItem() instanceof Table t) || t.getSchemaName() != null) {
            return false;
        }
        String name = item.getUnquotedAliasName();
        if (name == null || !t.getName().replace("`", "").equalsIgnoreCase(name) || uses(text, name) != 2) {
            return false;  // its definition and the one FROM: a name used anywhere else stays as written
        }
        ParenthesedSelect derived = new ParenthesedSelect();
        derived.setSelect(item.getSelect().getSelect());
        derived.setAlias(t.getAlias() != null ? t.getAlias() : new Alias(t.getName(), false));
        ps.setFromItem(derived);
        ps.setWithItemsList(null);
        return true;
    }

    /**
     * A SELECT whose every table is one of its own WITH names ({@code WITH RECURSIVE n AS (SELECT 1 ... FROM n)
     * SELECT * FROM n}): it reads no table of a keyspace, so any one shard answers it, as {@code SELECT 1} is answered.
     */
    static boolean readsNoTable(net.sf.jsqlparser.statement.Statement st) {
        if (!(st instanceof net.sf.jsqlparser.statement.select.Select select) || select.getWithItemsList() == null) {
            return false;
        }
        java.util.Set<String> own = new java.util.HashSet<>();
        for (WithItem<?> item : select.getWithItemsList()) {
            if (item.getUnquotedAliasName() != null) {
                own.add(item.getUnquotedAliasName().toLowerCase(java.util.Locale.ROOT));
            }
        }
        for (String table : new net.sf.jsqlparser.util.TablesNamesFinder<Void>().getTables(st)) {
            if (!own.contains(table.replace("`", "").toLowerCase(java.util.Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    private static int uses(String text, String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        int n = 0;
        for (int at = StatementWords.indexOfWord(text, lower, 0); at >= 0; at = StatementWords.indexOfWord(text, lower, at + lower.length())) {
            n++;
        }
        return n;
    }
}
