package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.vindex.Value;
import io.shardops.spec.vschema.VSchema;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * A SELECT over a subquery in FROM ({@code select count(*) from (select ... from corder where ...) t}) on a
 * sharded keyspace. When every row the subquery makes comes from one shard's rows alone (it filters, projects
 * or joins on the shared vindex, and groups only by the primary vindex column, which keeps each group on one
 * shard), each shard can run the whole statement over its own rows: the outer query is then merged across
 * shards as any scatter SELECT is (counts summed, order and LIMIT applied by the gateway). A subquery that
 * aggregates across shards, limits, numbers rows or reads another subquery first would give each shard its own
 * partial answer: 1235. Vitess merges such derived tables into one route the same way.
 */
final class DerivedTables {
    private DerivedTables() {}

    static Route route(ShardedRouting sr, VSchema vschema, PlainSelect outer, ParenthesedSelect derived, String text) {
        if (outer.getJoins() != null && !outer.getJoins().isEmpty()) {
            return refuse(sr, text, "a subquery in FROM joined to another table");
        }
        Located located = locate(derived, vschema).orElse(null);
        if (located == null) {
            return refuse(sr, text, "this subquery in FROM (it reads no table of the keyspace, or a UNION or WITH)");
        }
        VSchema.Table table = sr.table(located.tableName());
        if (table.primaryVindex().isEmpty() && "reference".equals(table.type())) {
            return new Route.Forward(sr.query(sr.shards().get(0), text));
        }
        String column = table.primaryVindex().orElseThrow().column();
        List<Value> values = sr.vindexValues(located.select().getWhere(), column, located.tableName(), located.alias());
        List<ShardRef> targets = sr.shardsFor(sr.vindex(table, located.tableName()), values);
        if (targets.isEmpty()) {
            targets = List.of(sr.shards().get(0));
        }
        if (targets.size() == 1) {
            return new Route.Forward(sr.query(targets.get(0), text));  // every row the subquery reads is on one shard
        }
        if (!located.rowsStayOnTheirShard()) {
            return refuse(sr, text, "this subquery in FROM (it aggregates, limits or numbers rows over several shards)");
        }
        List<ShardRef> scattered = targets;
        return ScatterSelect.plan(outer, sql -> sr.to(scattered, sql));
    }

    /**
     * The innermost SELECT, the one that reads a table; whether each level above it keeps every row it makes on
     * the shard its table rows came from.
     */
    private record Located(PlainSelect select, String tableName, String alias, boolean rowsStayOnTheirShard) {
        Located above(boolean stays) {
            return new Located(select, tableName, alias, rowsStayOnTheirShard && stays);
        }
    }

    private static Optional<Located> locate(ParenthesedSelect derived, VSchema vschema) {
        if (!(derived.getSelect() instanceof PlainSelect inner) || derived.getSelect().getWithItemsList() != null) {
            return Optional.empty();
        }
        FromItem from = inner.getFromItem();
        Located located;
        boolean joined = inner.getJoins() != null && !inner.getJoins().isEmpty();
        if (from instanceof Table t) {
            String name = t.getName().replace("`", "");
            located = new Located(inner, name, from.getAlias() == null ? null : from.getAlias().getName(),
                    !joined || JoinPushdown.problem(inner, vschema).isEmpty());
        } else if (from instanceof ParenthesedSelect deeper) {
            located = locate(deeper, vschema).map(l -> l.above(!joined)).orElse(null);
            if (located == null) {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        return Optional.of(located.above(staysOnShard(inner, vschema.tables().get(located.tableName()))));
    }

    private static boolean staysOnShard(PlainSelect inner, VSchema.Table table) {
        if (inner.getLimit() != null || inner.getOffset() != null || inner.getFetch() != null || inner.getTop() != null
                || readsSubquery(inner) || ScatterSelect.hasWindowFunction(inner)) {
            return false;
        }
        String vindexColumn = table == null ? null : table.primaryVindex().map(VSchema.ColumnVindex::column).orElse(null);
        boolean groupsOnOneShard = vindexColumn != null && inner.getGroupBy() != null
                && inner.getGroupBy().getGroupByExpressionList().stream().anyMatch(g -> names((Expression) g, vindexColumn));
        boolean combinesRows = inner.getGroupBy() != null || inner.getHaving() != null || inner.getDistinct() != null || aggregates(inner);
        return !combinesRows || groupsOnOneShard;
    }

    private static boolean names(Expression e, String column) {
        return e instanceof Column c && c.getColumnName().replace("`", "").equalsIgnoreCase(column);
    }

    private static boolean aggregates(PlainSelect ps) {
        for (SelectItem<?> item : ps.getSelectItems()) {
            if (ScatterSelect.containsAggregate(item.getExpression())) {  // also coalesce(sum(x), 0)
                return true;
            }
        }
        return false;
    }

    /** A subquery in WHERE or the select list of a subquery in FROM: it would run over each shard's rows alone. */
    private static boolean readsSubquery(PlainSelect ps) {
        boolean[] found = {false};
        ExpressionVisitorAdapter<Void> finder = new ExpressionVisitorAdapter<>() {
            @Override
            public <S> Void visit(ParenthesedSelect s, S context) {
                found[0] = true;
                return null;
            }
        };
        if (ps.getWhere() != null) {
            ps.getWhere().accept(finder, null);
        }
        for (SelectItem<?> item : ps.getSelectItems()) {
            item.getExpression().accept(finder, null);
        }
        return found[0];
    }

    private static Route refuse(ShardedRouting sr, String text, String what) {
        if (sr.shards().size() == 1) {
            return new Route.Forward(sr.query(sr.shards().get(0), text));
        }
        throw MysqlError.notSupported("unsupported: " + what + " across shards; target one shard with the primary vindex"
                + " column in the subquery's WHERE clause, or 'use KEYSPACE/SHARD'").exception();
    }
}
