package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.vindex.Value;
import io.shardops.dataplane.vindex.Vindex;
import io.shardops.spec.sql.Sql;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Values;

/** An INSERT into a sharded table: ids filled from the sequence, rows grouped by the shard of their vindex value. */
final class InsertSplitter {
    private final ShardedRouting sharded;
    private final SequenceFilling sequences;

    InsertSplitter(ShardedRouting sharded, SequenceFilling sequences) {
        this.sharded = sharded;
        this.sequences = sequences;
    }

    /** @param text the statement as it is sent when all its rows go to one shard unchanged */
    Route insert(Insert ins, String tableName, String text) {
        VSchema.Table t = sharded.table(tableName);
        if (ins.getColumns() == null) {
            // mysqldump writes INSERT INTO t VALUES (...): the columns, in order, come from a shard's schema
            return new Route.WithColumns(sharded.query(sharded.shards().get(0), "").target(), tableName, names -> {
                ExpressionList<Column> columns = new ExpressionList<>();
                names.forEach(n -> columns.add(new Column(Sql.identifier(n))));
                ins.setColumns(columns);
                return insert(ins, tableName, text);
            });
        }
        if (t.autoIncrement() != null) {
            return sequences.fill(ins, t, (rows, filled) -> split(ins, t, tableName, rows, filled ? null : text));
        }
        return split(ins, t, tableName, rows(ins), text);
    }

    /** @param text the statement's text if it needs no change when one shard takes every row, else null */
    private Route split(Insert ins, VSchema.Table t, String tableName, List<ExpressionList<?>> rows, String text) {
        Vindex vindex = sharded.vindex(t, tableName);
        String col = t.primaryVindex().get().column();
        int idx = columnIndex(ins.getColumns(), col);
        if (idx < 0) {
            throw MysqlError.unknown("insert into sharded table " + tableName + " must give the primary vindex column " + col).exception();
        }
        Map<ShardRef, List<ParenthesedExpressionList<Expression>>> byShard = new LinkedHashMap<>();
        for (ExpressionList<?> row : rows) {
            if (idx >= row.size()) {
                throw MysqlError.unknown("insert row has fewer values than columns").exception();
            }
            Value v = sharded.value(row.get(idx));
            if (v == null) {
                throw MysqlError.unknown("insert into " + tableName + ": " + col + " must be a literal value, got " + row.get(idx)).exception();
            }
            ShardRef s = sharded.shardOf(sharded.keyspaceId(vindex, v));
            List<Expression> values = new ArrayList<>(row);
            byShard.computeIfAbsent(s, k -> new ArrayList<>()).add(new ParenthesedExpressionList<>(values));
        }
        if (byShard.size() == 1 && text != null) {
            return new Route.Forward(sharded.query(byShard.keySet().iterator().next(), text));
        }
        List<ShardQuery> queries = new ArrayList<>();
        List<ShardRef> ordered = new ArrayList<>(byShard.keySet());
        ordered.sort(Comparator.comparingInt(sharded.shards()::indexOf));
        for (ShardRef s : ordered) {
            setRows(ins, byShard.get(s));
            queries.add(sharded.query(s, ins.toString()));
        }
        return queries.size() == 1 ? new Route.Forward(queries.get(0)) : new Route.MultiWrite(queries);
    }

    static List<ExpressionList<?>> rows(Insert ins) {
        // Insert.getValues() casts whatever follows the column list: a SELECT made it a ClassCastException (1105)
        Values values = ins.getSelect() instanceof Values v ? v : null;
        if (values == null) {
            throw MysqlError.notSupported("unsupported: INSERT ... SELECT in a keyspace with sequences or shards").exception();
        }
        ExpressionList<?> e = values.getExpressions();
        List<ExpressionList<?>> rows = new ArrayList<>();
        if (!e.isEmpty() && e.get(0) instanceof ExpressionList<?>) {
            for (Object o : e) {
                rows.add((ExpressionList<?>) o);
            }
        } else {
            rows.add(e);
        }
        return rows;
    }

    static void setRows(Insert ins, List<ParenthesedExpressionList<Expression>> rows) {
        ExpressionList<Expression> list = new ExpressionList<>();
        list.addAll(rows);
        ins.getValues().setExpressions(list);
    }

    static int columnIndex(ExpressionList<Column> cols, String name) {
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).getColumnName().replace("`", "").equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
