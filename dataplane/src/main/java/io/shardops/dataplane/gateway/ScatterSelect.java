package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Limit;
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
        if (ps.getHaving() != null) {
            throw MysqlError.notSupported("unsupported: HAVING in a query that goes to several shards").exception();
        }
        List<SelectItem<?>> items = ps.getSelectItems();
        List<MergeSpec.Aggregate> aggs = new ArrayList<>();
        boolean anyAgg = false;
        boolean star = false;
        for (SelectItem<?> item : items) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns) {
                star = true;
            }
            MergeSpec.Aggregate a = MergeSpec.Aggregate.NONE;
            if (e instanceof Function f && f.getName() != null) {
                String name = f.getName().toLowerCase(Locale.ROOT);
                if (f.isDistinct() && !name.equals("min") && !name.equals("max")) {
                    throw MysqlError.notSupported("unsupported: " + f + " across shards").exception();
                }
                a = switch (name) {
                    case "count" -> MergeSpec.Aggregate.COUNT;
                    case "sum" -> MergeSpec.Aggregate.SUM;
                    case "min" -> MergeSpec.Aggregate.MIN;
                    case "max" -> MergeSpec.Aggregate.MAX;
                    case "avg" -> throw MysqlError.notSupported(
                            "unsupported: AVG across shards; select SUM(x) and COUNT(x) instead").exception();
                    default -> MergeSpec.Aggregate.NONE;
                };
            }
            anyAgg |= a != MergeSpec.Aggregate.NONE;
            aggs.add(a);
        }
        List<Integer> groupBy = new ArrayList<>();
        if (ps.getGroupBy() != null) {
            for (Object o : ps.getGroupBy().getGroupByExpressionList()) {
                groupBy.add(selectIndex(items, (Expression) o, "GROUP BY"));
            }
        }
        boolean distinct = ps.getDistinct() != null;
        if (distinct) {
            if (star || anyAgg) {
                throw MysqlError.notSupported("unsupported: DISTINCT with * or aggregates across shards").exception();
            }
            for (int i = 0; i < items.size(); i++) {
                groupBy.add(i);
            }
        }
        boolean aggregating = anyAgg || !groupBy.isEmpty();
        if (aggregating && star) {
            throw MysqlError.notSupported("unsupported: * together with aggregates across shards").exception();
        }
        List<MergeSpec.SortKey> order = new ArrayList<>();
        int visible = -1;
        if (ps.getOrderByElements() != null) {
            for (OrderByElement ob : ps.getOrderByElements()) {
                if (star && !aggregating) {
                    order.add(starSortKey(items, ob));
                    continue;
                }
                if (!aggregating && !distinct && ob.getExpression() instanceof Column && findSelectIndex(items, ob.getExpression()) < 0) {
                    // a sort column the client did not select: each shard sends it too, the merge sorts by it and drops it
                    visible = visible < 0 ? items.size() : visible;
                    ps.addSelectItem(ob.getExpression());
                    items = ps.getSelectItems();
                    order.add(new MergeSpec.SortKey(items.size() - 1, !ob.isAsc()));
                    continue;
                }
                order.add(new MergeSpec.SortKey(selectIndex(items, ob.getExpression(), "ORDER BY"), !ob.isAsc()));
            }
        }
        long offset = 0;
        long limit = -1;
        Limit l = ps.getLimit();
        String shardSql;
        if (l != null) {
            if (!(l.getRowCount() instanceof LongValue rc) || (l.getOffset() != null && !(l.getOffset() instanceof LongValue))) {
                throw MysqlError.notSupported("unsupported: LIMIT without literal numbers across shards").exception();
            }
            limit = rc.getValue();
            offset = l.getOffset() == null ? 0 : ((LongValue) l.getOffset()).getValue();
            if (aggregating) {
                ps.setLimit(null);  // groups merge across shards: each shard must send all of its groups
            } else {
                Limit perShard = new Limit();
                perShard.setRowCount(new LongValue(offset + limit));
                ps.setLimit(perShard);
            }
        }
        if (ps.getOffset() != null) {
            throw MysqlError.notSupported("unsupported: OFFSET clause across shards; use LIMIT offset, count").exception();
        }
        shardSql = ps.toString();
        MergeSpec spec = new MergeSpec(aggregating ? aggs : List.of(), groupBy, order, offset, limit, visible);
        return new Route.Scatter(queries.apply(shardSql), spec);
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
