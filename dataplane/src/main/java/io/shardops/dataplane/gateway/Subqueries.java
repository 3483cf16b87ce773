package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Subqueries that do not refer to the outer statement, in a statement on a sharded keyspace. Each shard would
 * answer such a subquery over its own rows only ({@code where id = (select max(id) from t)} would find each
 * shard's maximum), so the gateway runs it first, as a statement of its own routed like any other, and puts its
 * answer into the statement as literals; the statement is then routed with them (often to one shard).
 * Correlated subqueries stay in place and run on the shards with their outer rows.
 */
final class Subqueries {
    /** The most rows a subquery's answer may have to become literals of the outer statement. */
    static final int MAX_ROWS = 10_000;

    private Subqueries() {}

    /** Cheap test before any parse: a SELECT inside the statement (a second one, when it is a SELECT itself). */
    static boolean mayHave(String sql) {
        int at = StatementWords.indexOfWord(sql, "select", 0);
        if (at >= 0 && StatementWords.firstWord(sql).equals("select")) {
            at = StatementWords.indexOfWord(sql, "select", at + 6);
        }
        return at >= 0;
    }

    /**
     * The route that runs {@code st}'s uncorrelated subqueries first, or empty when it has none.
     *
     * @param reroute routes the statement's text once the answers are in place
     */
    static Optional<Route> preRun(Statement st, Function<String, Route> reroute) {
        Scope scope = Scope.of(st);
        if (scope == null) {
            return Optional.empty();
        }
        List<ParenthesedSelect> found = new ArrayList<>();
        scope.rewrite(new Collector(scope.names, found));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<String> statements = new ArrayList<>();
        for (ParenthesedSelect s : found) {
            statements.add(s.getSelect().toString());
        }
        return Optional.of(new Route.WithResults(statements, answers -> {
            scope.rewrite(new Literals(found, answers));
            return reroute.apply(st.toString());
        }));
    }

    /** The names the outer statement's tables go by, and how to rewrite the parts a subquery can stand in. */
    private record Scope(Set<String> names, Consumer<ExpressionRewrite.Replacer> parts) {
        static Scope of(Statement st) {
            Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            switch (st) {
                case PlainSelect ps -> {
                    addTableNames(names, ps);
                    return new Scope(names, r -> {
                        for (SelectItem<?> item : ps.getSelectItems()) {
                            rewriteItem(item, r);
                        }
                        ps.setWhere(ExpressionRewrite.rewrite(ps.getWhere(), r));
                        ps.setHaving(ExpressionRewrite.rewrite(ps.getHaving(), r));
                    });
                }
                case Update up -> {
                    addNames(names, up.getTable());
                    return new Scope(names, r -> up.setWhere(ExpressionRewrite.rewrite(up.getWhere(), r)));
                }
                case Delete del -> {
                    addNames(names, del.getTable());
                    return new Scope(names, r -> del.setWhere(ExpressionRewrite.rewrite(del.getWhere(), r)));
                }
                default -> {
                    return null;
                }
            }
        }

        void rewrite(ExpressionRewrite.Replacer r) {
            parts.accept(r);
        }
    }

    @SuppressWarnings("unchecked")
    private static void rewriteItem(SelectItem<?> item, ExpressionRewrite.Replacer r) {
        ((SelectItem<Expression>) item).setExpression(ExpressionRewrite.rewrite(item.getExpression(), r));
    }

    /** The names the tables of a SELECT's FROM and JOINs go by: table names and aliases. */
    private static void addTableNames(Set<String> names, PlainSelect ps) {
        addNames(names, ps.getFromItem());
        if (ps.getJoins() != null) {
            for (Join j : ps.getJoins()) {
                addNames(names, j.getRightItem());
            }
        }
    }

    private static void addNames(Set<String> names, FromItem item) {
        if (item instanceof Table t) {
            names.add(t.getName().replace("`", ""));
        }
        if (item != null && item.getAlias() != null) {
            names.add(item.getAlias().getName().replace("`", ""));
        }
    }

    /**
     * Whether the subquery names a table of the outer statement as a column qualifier ({@code o.id}), one it
     * does not define itself. Unqualified columns are taken as the subquery's own, as MySQL first looks for
     * them there; a string literal that looks like a qualifier only keeps the subquery on the shards.
     */
    static boolean correlated(ParenthesedSelect s, Set<String> outer) {
        Set<String> own = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (s.getSelect() instanceof PlainSelect ps) {
            addTableNames(own, ps);
        }
        String text = s.getSelect().toString();
        for (String name : outer) {
            if (!own.contains(name) && Pattern.compile("(?i)(?<![\\w$.`])`?" + Pattern.quote(name) + "`?\\s*\\.").matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /** Finds the uncorrelated subqueries, leaving every node in place. */
    private record Collector(Set<String> outer, List<ParenthesedSelect> found) implements ExpressionRewrite.Replacer {
        @Override
        public Expression scalar(ParenthesedSelect s) {
            note(s);
            return s;
        }

        @Override
        public Expression in(InExpression in, ParenthesedSelect s) {
            note(s);
            return in;
        }

        @Override
        public Expression exists(ExistsExpression exists, ParenthesedSelect s) {
            note(s);
            return exists;
        }

        private void note(ParenthesedSelect s) {
            if (!correlated(s, outer)) {
                found.add(s);
            }
        }
    }

    /** Puts each collected subquery's answer in its place. */
    private record Literals(List<ParenthesedSelect> found, List<ResultSet> answers)
            implements ExpressionRewrite.Replacer {
        @Override
        public Expression scalar(ParenthesedSelect s) {
            ResultSet rs = answerOf(s);
            if (rs == null) {
                return s;
            }
            oneColumn(rs);
            if (rs.rows().size() > 1) {
                throw new MysqlError(1242, "21000", "Subquery returns more than 1 row").exception();
            }
            return rs.rows().isEmpty() ? new NullValue() : ResultLiterals.of(rs.columns().get(0), rs.rows().get(0)[0]);
        }

        @Override
        public Expression in(InExpression in, ParenthesedSelect s) {
            ResultSet rs = answerOf(s);
            if (rs == null) {
                return in;
            }
            oneColumn(rs);
            if (rs.rows().isEmpty()) {
                // x IN (empty) is false and x NOT IN (empty) true, whatever x is
                return new LongValue(in.isNot() ? 1 : 0);
            }
            if (rs.rows().size() > MAX_ROWS) {
                throw MysqlError.notSupported("unsupported: a subquery of more than " + MAX_ROWS
                        + " rows in a statement on a sharded keyspace; join on the primary vindex column instead").exception();
            }
            List<Expression> values = new ArrayList<>(rs.rows().size());
            for (byte[][] row : rs.rows()) {
                values.add(ResultLiterals.of(rs.columns().get(0), row[0]));
            }
            InExpression out = new InExpression(in.getLeftExpression(),
                    new ParenthesedExpressionList<>(values));
            out.setNot(in.isNot());
            return out;
        }

        @Override
        public Expression exists(ExistsExpression exists, ParenthesedSelect s) {
            ResultSet rs = answerOf(s);
            if (rs == null) {
                return exists;
            }
            boolean any = !rs.rows().isEmpty();
            return new LongValue(any != exists.isNot() ? 1 : 0);
        }

        private ResultSet answerOf(ParenthesedSelect s) {
            for (int i = 0; i < found.size(); i++) {
                if (found.get(i) == s) {
                    return answers.get(i);
                }
            }
            return null;  // correlated: stays on the shards
        }

        private static void oneColumn(ResultSet rs) {
            if (rs.columns().size() != 1) {
                throw new MysqlError(1241, "21000", "Operand should contain 1 column(s)").exception();
            }
        }
    }
}
