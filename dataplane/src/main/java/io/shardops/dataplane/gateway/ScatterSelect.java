package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.shardops.spec.sql.Sql;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * A SELECT that reads several shards: what each shard runs (LIMIT widened to offset + count) and how the
 * gateway merges their rows (aggregates, groups, order, offset, limit) as a {@link MergeSpec}.
 */
final class ScatterSelect {
    private ScatterSelect() {}

    /** @param queries what each shard runs, given the per-shard text */
    static Route plan(PlainSelect ps, java.util.function.Function<String, List<ShardQuery>> queries) {
        return plan(ps, null, null, queries);
    }

    /**
     * @param vindexColumn the primary vindex column of the table the shards read (null when unknown): a GROUP BY
     *                     naming it keeps each group on one shard, so the shards' groups are final
     */
    static Route plan(PlainSelect ps, String vindexColumn, String parsed,
                      java.util.function.Function<String, List<ShardQuery>> queries) {
        if (parsed != null) {
            for (SelectItem<?> item : ps.getSelectItems()) {
                keepLabelAsWritten(item, parsed);
            }
        }
        return new ScatterSelect.Planning(ps, groupsOnOneShard(ps, vindexColumn)).plan(queries);
    }

    /**
     * MariaDB labels an expression's column with the expression as the client wrote it ({@code price*2}); the shards
     * get the statement reprinted ({@code price * 2}), so the item gets that text as its alias. Only when the text at
     * the item's parse position reads as the same expression (blanks and case aside); not for columns, whose label
     * is their name, nor string literals, labelled by their value.
     */
    static void keepLabelAsWritten(SelectItem<?> item, String parsed) {
        Expression e = item.getExpression();
        if (item.getAlias() != null || e instanceof Column || e instanceof AllColumns
                || e instanceof net.sf.jsqlparser.expression.StringValue || item.getASTNode() == null
                || item.getASTNode().jjtGetFirstToken() == null || item.getASTNode().jjtGetLastToken() == null) {
            return;
        }
        int from = item.getASTNode().jjtGetFirstToken().absoluteBegin - 1;  // the parser counts from 1
        int to = item.getASTNode().jjtGetLastToken().absoluteEnd - 1;
        if (from < 0 || to > parsed.length() || from >= to || to - from > 200) {
            return;  // MariaDB refuses an alias over 256 characters
        }
        String written = parsed.substring(from, to).strip();
        if (written.isEmpty() || written.indexOf('\0') >= 0 || !squeezed(written).equalsIgnoreCase(squeezed(e.toString()))) {
            return;
        }
        if (!written.equals(e.toString())) {
            item.setAlias(new Alias(Sql.identifier(written), true));
        }
    }

    private static String squeezed(String s) {
        return s.replaceAll("\\s+", "");
    }

    /** MariaDB's aggregate functions (lowercase); the gateway combines count, sum, min, max and avg across shards. */
    static final java.util.Set<String> AGGREGATES = java.util.Set.of("count", "sum", "min", "max", "avg", "group_concat",
            "std", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "bit_and", "bit_or", "bit_xor",
            "json_arrayagg", "json_objectagg");

    /** Whether {@code e} calls an aggregate function anywhere (not counting subqueries, which aggregate their own rows). */
    static boolean containsAggregate(Expression e) {
        boolean[] found = {false};
        ExpressionVisitorAdapter<Void> finder = new ExpressionVisitorAdapter<>() {
            @Override
            public <S> Void visit(Function f, S context) {
                if (f.getName() != null && AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT))) {
                    found[0] = true;
                    return null;
                }
                return super.visit(f, context);
            }

            @Override
            public <S> Void visit(net.sf.jsqlparser.expression.MySQLGroupConcat g, S context) {
                found[0] = true;
                return null;
            }

            @Override
            public <S> Void visit(net.sf.jsqlparser.expression.JsonAggregateFunction j, S context) {
                found[0] = true;
                return null;
            }

            @Override
            public <S> Void visit(net.sf.jsqlparser.statement.select.ParenthesedSelect sub, S context) {
                return null;
            }
        };
        e.accept(finder, null);
        return found[0];
    }

    /**
     * Whether GROUP BY names the FROM table's primary vindex column (under joins, qualified by that table's name or
     * alias), so that every group's rows live on one shard. Not with DISTINCT, whose rows may repeat across shards.
     */
    private static boolean groupsOnOneShard(PlainSelect ps, String vindexColumn) {
        if (vindexColumn == null || ps.getGroupBy() == null || ps.getDistinct() != null
                || !(ps.getFromItem() instanceof net.sf.jsqlparser.schema.Table from)) {
            return false;
        }
        boolean joins = ps.getJoins() != null && !ps.getJoins().isEmpty();
        String alias = from.getAlias() == null ? from.getName() : from.getAlias().getName();
        for (Object g : ps.getGroupBy().getGroupByExpressionList()) {
            if (g instanceof Column c && unquoted(c.getColumnName()).equalsIgnoreCase(vindexColumn)) {
                String qualifier = c.getTable() == null ? null : c.getTable().getName();
                if (qualifier == null ? !joins : unquoted(qualifier).equalsIgnoreCase(unquoted(alias))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String unquoted(String name) {
        return name.replace("`", "");
    }

    /** The select list as the shards get it: aggregates rewritten, hidden columns added at the end. */
    private static final class Planning {
        private final PlainSelect ps;
        private final int visibleCount;
        private final List<String> asWritten = new ArrayList<>();
        private final List<MergeSpec.Aggregate> aggs = new ArrayList<>();
        private final List<MergeSpec.Average> averages = new ArrayList<>();
        private Expression distinct;
        private int distinctColumn = -1;
        private boolean anyAgg;
        private boolean star;

        /** GROUP BY names the primary vindex column: each shard's groups are whole, and only need putting together. */
        private final boolean wholeGroups;

        Planning(PlainSelect ps, boolean wholeGroups) {
            this.ps = ps;
            this.visibleCount = ps.getSelectItems().size();
            this.wholeGroups = wholeGroups;
        }

        Route plan(java.util.function.Function<String, List<ShardQuery>> queries) {
            if (hasWindowFunction(ps)) {
                // each shard would number, rank or sum over its own rows only
                throw MysqlError.notSupported("unsupported: window functions (OVER) across shards; target one shard with"
                        + " the primary vindex column in the WHERE clause, or 'use KEYSPACE/SHARD'").exception();
            }
            List<SelectItem<?>> items = ps.getSelectItems();
            for (int i = 0; i < visibleCount; i++) {
                asWritten.add(items.get(i).getExpression().toString());
                aggs.add(MergeSpec.Aggregate.NONE);  // one entry per visible column first: hidden ones go after them
            }
            for (int i = 0; i < visibleCount; i++) {
                if (wholeGroups) {
                    star |= items.get(i).getExpression() instanceof AllColumns;
                } else {
                    aggs.set(i, aggregate(i, items.get(i)));
                }
            }
            List<Integer> groupBy = new ArrayList<>();
            if (ps.getGroupBy() != null && !wholeGroups) {
                for (Object o : ps.getGroupBy().getGroupByExpressionList()) {
                    groupBy.add(selectIndex(items, (Expression) o, "GROUP BY"));
                }
            }
            boolean distinctRows = ps.getDistinct() != null;
            if (distinctRows) {
                if (star || anyAgg) {
                    throw MysqlError.notSupported("unsupported: DISTINCT with * or aggregates across shards").exception();
                }
                for (int i = 0; i < items.size(); i++) {
                    groupBy.add(i);
                }
            }
            if (distinct != null) {
                GroupByElement g = ps.getGroupBy() == null ? new GroupByElement() : ps.getGroupBy();
                g.addGroupByExpression(distinct);  // each shard sends each distinct value once per group
                ps.setGroupByElement(g);
            }
            boolean aggregating = anyAgg || !groupBy.isEmpty();
            if (aggregating && star) {
                throw MysqlError.notSupported("unsupported: * together with aggregates across shards").exception();
            }
            HavingFilter having = null;
            if (ps.getHaving() != null && !wholeGroups) {  // whole groups: each shard's HAVING is final
                having = HavingFilter.compile(ps.getHaving(), this::columnOrHidden);
                ps.setHaving(null);
            }
            List<MergeSpec.SortKey> order = new ArrayList<>();
            if (ps.getOrderByElements() != null) {
                for (OrderByElement ob : ps.getOrderByElements()) {
                    order.add(sortKey(ob, aggregating, distinctRows));
                }
            }
            long[] window = window(ps.getLimit(), ps.getOffset());
            ps.setOffset(null);  // each shard sends its first offset + count rows; the gateway skips the offset
            long offset = window[0];
            long limit = window[1];
            if (ps.getLimit() != null && ps.getLimit().getRowCount() != null) {
                if (aggregating || having != null) {
                    ps.setLimit(null);  // groups merge across shards: each shard must send all of its groups
                } else {
                    Limit perShard = new Limit();
                    perShard.setRowCount(new LongValue(offset + limit));
                    ps.setLimit(perShard);
                }
            } else {
                ps.setLimit(null);
            }
            int visible = ps.getSelectItems().size() > visibleCount ? visibleCount : -1;
            MergeSpec spec = new MergeSpec(aggregating ? aggs : List.of(), groupBy, order, offset, limit, visible, averages,
                    distinctColumn, having);
            return new Route.Scatter(queries.apply(ps.toString()), spec);
        }

        private MergeSpec.Aggregate aggregate(int i, SelectItem<?> item) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns) {
                star = true;
            }
            if (!(e instanceof Function f) || f.getName() == null
                    || !AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT))) {
                if (!(e instanceof AllColumns) && containsAggregate(e)) {
                    // each shard would compute it over its own rows: coalesce(sum(x), 0) answered a row per shard
                    throw MysqlError.notSupported("unsupported: " + e + " across shards, where each shard would aggregate"
                            + " its own rows only; select COUNT, SUM, MIN, MAX or AVG alone, or GROUP BY the primary vindex"
                            + " column, or target one shard with the primary vindex column in the WHERE clause").exception();
                }
                return MergeSpec.Aggregate.NONE;
            }
            String name = f.getName().toLowerCase(Locale.ROOT);
            if (combining(name) == MergeSpec.Aggregate.NONE && !name.equals("avg")) {
                // group_concat, std, variance, bit_or, json_arrayagg...: each shard's value covers its own rows only
                throw MysqlError.notSupported("unsupported: " + f.getName() + "() across shards (COUNT, SUM, MIN, MAX and AVG"
                        + " combine); GROUP BY the primary vindex column, or target one shard with the primary vindex column"
                        + " in the WHERE clause").exception();
            }
            MergeSpec.Aggregate a;
            if (f.isDistinct() && (name.equals("count") || name.equals("sum"))) {
                Expression x = onlyParameter(f);
                if (distinct != null && !distinct.toString().equalsIgnoreCase(x.toString())) {
                    throw MysqlError.notSupported("unsupported: DISTINCT aggregates of two expressions (" + distinct + ", " + x
                            + ") across shards").exception();
                }
                distinct = x;
                distinctColumn = distinctColumn < 0 ? i : distinctColumn;
                labelled(item, e);
                setExpression(item, x);  // each shard sends the value itself
                a = name.equals("count") ? MergeSpec.Aggregate.COUNT_DISTINCT : MergeSpec.Aggregate.SUM_DISTINCT;
            } else if (f.isDistinct() && !name.equals("min") && !name.equals("max")) {
                throw MysqlError.notSupported("unsupported: " + f + " across shards").exception();
            } else {
                a = name.equals("avg") ? average(i, item, f) : combining(name);
            }
            anyAgg |= a != MergeSpec.Aggregate.NONE;
            return a;
        }

        /** AVG(x): each shard sends SUM(x) here and COUNT(x) in a hidden column; the gateway divides. */
        private MergeSpec.Aggregate average(int i, SelectItem<?> item, Function f) {
            Expression x = onlyParameter(f);
            labelled(item, f);
            setExpression(item, function("sum", x));
            averages.add(new MergeSpec.Average(i, hidden(function("count", x), MergeSpec.Aggregate.COUNT)));
            return MergeSpec.Aggregate.SUM;
        }

        /** A HAVING or ORDER BY term: its select-list column, else a hidden column for an aggregate or column. */
        private int columnOrHidden(Expression e) {
            int i = findWritten(e);
            if (i >= 0) {
                return i;
            }
            if (e instanceof Function f && f.getName() != null && !f.isDistinct()) {
                String name = f.getName().toLowerCase(Locale.ROOT);
                MergeSpec.Aggregate a = combining(name);
                if (a != MergeSpec.Aggregate.NONE) {
                    anyAgg = true;
                    return hidden(e, a);
                }
            }
            if (e instanceof Column) {
                return hidden(e, MergeSpec.Aggregate.NONE);
            }
            return -1;
        }

        /** The position of {@code e} among the select list as the client wrote it (aliases included), or -1. */
        private int findWritten(Expression e) {
            for (int i = 0; i < asWritten.size(); i++) {
                if (asWritten.get(i).equalsIgnoreCase(e.toString())) {
                    return i;
                }
            }
            return findSelectIndex(ps.getSelectItems(), e);
        }

        private int hidden(Expression e, MergeSpec.Aggregate a) {
            ps.addSelectItem(e);
            aggs.add(a);
            return ps.getSelectItems().size() - 1;
        }

        private MergeSpec.SortKey sortKey(OrderByElement ob, boolean aggregating, boolean distinctRows) {
            List<SelectItem<?>> items = ps.getSelectItems();
            if (star && !aggregating) {
                return starSortKey(items, ob);
            }
            if (aggregating) {
                int i = columnOrHidden(ob.getExpression());
                if (i < 0) {
                    selectIndex(items, ob.getExpression(), "ORDER BY");  // throws the usual message
                }
                return new MergeSpec.SortKey(i, !ob.isAsc());
            }
            if (!distinctRows && ob.getExpression() instanceof Column && findSelectIndex(items, ob.getExpression()) < 0) {
                // a sort column the client did not select: each shard sends it too, the merge sorts by it and drops it
                ps.addSelectItem(ob.getExpression());
                return new MergeSpec.SortKey(ps.getSelectItems().size() - 1, !ob.isAsc());
            }
            return new MergeSpec.SortKey(selectIndex(items, ob.getExpression(), "ORDER BY"), !ob.isAsc());
        }
    }

    /** Whether a window function (OVER, WINDOW) is in the select list or ORDER BY: it numbers one shard's rows. */
    static boolean hasWindowFunction(PlainSelect ps) {
        boolean[] found = {false};
        ExpressionVisitorAdapter<Void> finder = new ExpressionVisitorAdapter<>() {
            @Override
            public <S> Void visit(AnalyticExpression e, S context) {
                found[0] = true;
                return null;
            }
        };
        for (SelectItem<?> item : ps.getSelectItems()) {
            item.getExpression().accept(finder, null);
        }
        if (ps.getOrderByElements() != null) {
            for (OrderByElement ob : ps.getOrderByElements()) {
                ob.getExpression().accept(finder, null);
            }
        }
        return found[0] || ps.getWindowDefinitions() != null && !ps.getWindowDefinitions().isEmpty();
    }

    /** {offset, count} of {@code LIMIT count OFFSET offset}, {@code LIMIT offset, count} or none ({0, -1}). */
    static long[] window(Limit l, Offset o) {
        Expression offset = o != null ? o.getOffset() : l == null ? null : l.getOffset();
        if (offset != null && !(offset instanceof LongValue)) {
            throw MysqlError.notSupported("unsupported: LIMIT without literal numbers across shards").exception();
        }
        long from = offset == null ? 0 : ((LongValue) offset).getValue();
        if (l == null || l.getRowCount() == null) {
            return new long[] {from, -1};  // an OFFSET alone, or LIMIT ALL
        }
        if (!(l.getRowCount() instanceof LongValue rc)) {
            throw MysqlError.notSupported("unsupported: LIMIT without literal numbers across shards").exception();
        }
        return new long[] {from, rc.getValue()};
    }

    /** How the shards' values of the aggregate {@code name} (lowercase) combine; NONE when it is not one. */
    private static MergeSpec.Aggregate combining(String name) {
        return switch (name) {
            case "count" -> MergeSpec.Aggregate.COUNT;
            case "sum" -> MergeSpec.Aggregate.SUM;
            case "min" -> MergeSpec.Aggregate.MIN;
            case "max" -> MergeSpec.Aggregate.MAX;
            default -> MergeSpec.Aggregate.NONE;
        };
    }

    private static Expression onlyParameter(Function f) {
        if (f.getParameters() == null || f.getParameters().size() != 1) {
            throw MysqlError.notSupported("unsupported: " + f + " across shards").exception();
        }
        return (Expression) f.getParameters().get(0);
    }

    private static Function function(String name, Expression x) {
        Function f = new Function();
        f.setName(name);
        f.setParameters(new ExpressionList<>(x));
        return f;
    }

    /** Keeps the label the client's expression gives the column (MySQL names it as written) when the shards get another. */
    private static void labelled(SelectItem<?> item, Expression asWritten) {
        if (item.getAlias() == null) {
            item.setAlias(new Alias(Sql.identifier(asWritten.toString()), true));
        }
    }

    @SuppressWarnings("unchecked")
    private static void setExpression(SelectItem<?> item, Expression e) {
        ((SelectItem<Expression>) item).setExpression(e);
    }

    /**
     * An ORDER BY key of {@code SELECT *}: a position, or a column found by name in the shards' result
     * (each shard sorts by it too, so the merge only interleaves).
     */
    private static MergeSpec.SortKey starSortKey(List<SelectItem<?>> items, OrderByElement ob) {
        Expression e = ob.getExpression();
        if (e instanceof LongValue lv && items.size() == 1 && items.get(0).getExpression() instanceof AllColumns) {
            return new MergeSpec.SortKey((int) lv.getValue() - 1, !ob.isAsc());
        }
        if (e instanceof Column c) {
            return new MergeSpec.SortKey(-1, !ob.isAsc(), c.getColumnName().replace("`", ""));
        }
        throw MysqlError.notSupported("unsupported: ORDER BY " + e + " with SELECT * across shards; order by a column"
                + " or name the columns in the select list").exception();
    }

    private static int selectIndex(List<SelectItem<?>> items, Expression e, String clause) {
        int i = findSelectIndex(items, e);
        if (i < 0) {
            throw MysqlError.notSupported("unsupported: " + clause + " " + e
                    + " must name a column of the select list in a query that goes to several shards").exception();
        }
        return i;
    }

    /** The select-list position {@code e} names (a position, an alias, the same expression or column), or -1. */
    private static int findSelectIndex(List<SelectItem<?>> items, Expression e) {
        if (e instanceof LongValue lv) {
            int pos = (int) lv.getValue() - 1;
            if (pos >= 0 && pos < items.size()) {
                return pos;
            }
        }
        String text = e.toString();
        for (int i = 0; i < items.size(); i++) {
            SelectItem<?> it = items.get(i);
            if (it.getAlias() != null && it.getAlias().getName().replace("`", "").equalsIgnoreCase(text.replace("`", ""))) {
                return i;
            }
        }
        for (int i = 0; i < items.size(); i++) {
            Expression ie = items.get(i).getExpression();
            if (ie.toString().equalsIgnoreCase(text)) {
                return i;
            }
            if (ie instanceof Column c && e instanceof Column oc
                    && c.getColumnName().replace("`", "").equalsIgnoreCase(oc.getColumnName().replace("`", ""))) {
                return i;
            }
        }
        return -1;
    }

}
