package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;

/**
 * {@code SELECT ... UNION [ALL] SELECT ...} on a sharded keyspace: each SELECT runs as a statement of its own,
 * routed as any other (one shard, or all of them and merged), and the gateway puts their rows together: UNION
 * ALL keeps every row, UNION drops repeated rows from all that comes before it (MySQL's rule for mixed unions),
 * then the union's ORDER BY and LIMIT.
 */
final class Unions {
    private Unions() {}

    static Route route(SetOperationList union) {
        List<Boolean> distinct = new ArrayList<>();
        for (SetOperation op : union.getOperations()) {
            if (!(op instanceof UnionOp u)) {
                throw MysqlError.notSupported("unsupported: " + op + " across shards; only UNION and UNION ALL").exception();
            }
            distinct.add(!u.isAll());
        }
        List<String> parts = new ArrayList<>();
        for (Select s : union.getSelects()) {
            parts.add((s instanceof ParenthesedSelect p ? p.getSelect() : s).toString());
        }
        List<MergeSpec.SortKey> order = new ArrayList<>();
        if (union.getOrderByElements() != null) {
            for (OrderByElement ob : union.getOrderByElements()) {
                if (ob.getExpression() instanceof LongValue lv) {
                    order.add(new MergeSpec.SortKey((int) lv.getValue() - 1, !ob.isAsc()));
                } else if (ob.getExpression() instanceof Column c) {
                    order.add(new MergeSpec.SortKey(-1, !ob.isAsc(), c.getColumnName().replace("`", "")));
                } else {
                    throw MysqlError.notSupported("unsupported: ORDER BY " + ob.getExpression() + " of a UNION across shards;"
                            + " order by a column name or position").exception();
                }
            }
        }
        long[] window = ScatterSelect.window(union.getLimit(), union.getOffset());
        MergeSpec after = new MergeSpec(List.of(), List.of(), order, window[0], window[1], -1);
        return new Route.WithResults(parts, answers -> new Route.Answer(ResultMerger.merge(List.of(combine(answers, distinct)), after)));
    }

    static ResultSet combine(List<ResultSet> parts, List<Boolean> distinctBefore) {
        ResultSet first = parts.get(0);
        List<byte[][]> rows = new ArrayList<>(first.rows());
        int warnings = first.warnings();
        for (int i = 1; i < parts.size(); i++) {
            ResultSet p = parts.get(i);
            if (p.columns().size() != first.columns().size()) {
                throw new MysqlError(1222, "21000", "The used SELECT statements have a different number of columns").exception();
            }
            rows.addAll(p.rows());
            warnings += p.warnings();
            if (distinctBefore.get(i - 1)) {
                rows = withoutRepeats(rows, first.columns());
            }
        }
        return new ResultSet(first.columns(), rows, warnings);
    }

    private static List<byte[][]> withoutRepeats(List<byte[][]> rows, List<ColumnDefinition> columns) {
        Map<List<String>, byte[][]> seen = new LinkedHashMap<>();
        for (byte[][] row : rows) {
            List<String> key = new ArrayList<>(row.length);
            for (int i = 0; i < row.length; i++) {
                key.add(TextOrder.key(row[i], columns.get(i)));  // repeats by the column's collation, as MySQL's
            }
            seen.putIfAbsent(key, row);
        }
        return new ArrayList<>(seen.values());
    }
}
