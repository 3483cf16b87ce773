package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.ResultSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * {@code SELECT SQL_CALC_FOUND_ROWS ... LIMIT n} and the {@code FOUND_ROWS()} after it. The statement runs on
 * pooled tablet connections (and often on several shards), so no one MariaDB knows the count: as Vitess does, the
 * gateway first runs the same SELECT as a count (same FROM and WHERE; when it groups or is DISTINCT, the statement
 * without its LIMIT, whose rows it counts), then the statement itself without the modifier, and keeps the count as
 * the session's FOUND_ROWS().
 */
final class FoundRows {
    private FoundRows() {}

    static Route route(PlainSelect ps, java.util.function.Function<String, Route> reroute) {
        ps.setMySqlSqlCalcFoundRows(false);
        String statement = ps.toString();
        ps.setOrderByElements(null);
        ps.setLimit(null);
        ps.setOffset(null);
        if (ps.getGroupBy() != null || ps.getDistinct() != null || ps.getHaving() != null) {
            // the groups (or distinct rows) the statement makes without its LIMIT, merged as for the statement itself
            return new Route.WithResults(List.of(ps.toString()),
                    answers -> new Route.FoundRows(answers.get(0).rows().size(), reroute.apply(statement)));
        }
        Function countAll = new Function("count", new AllColumns());
        ps.setSelectItems(List.of(new SelectItem<>(countAll)));
        return new Route.WithResults(List.of(ps.toString()), answers -> new Route.FoundRows(countOf(answers.get(0)), reroute.apply(statement)));
    }

    private static long countOf(ResultSet rs) {
        if (rs.rows().size() != 1 || rs.rows().get(0)[0] == null) {
            throw MysqlError.unknown("SQL_CALC_FOUND_ROWS: the count came back as " + rs.rows().size() + " rows").exception();
        }
        return Long.parseLong(new String(rs.rows().get(0)[0], StandardCharsets.US_ASCII));
    }
}
