package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.insert.Insert;

/** Ids from VSchema sequences for inserts that leave the auto-increment column out or NULL. */
final class SequenceFilling {
    private final RoutingSnapshot snapshot;

    SequenceFilling(RoutingSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    Route.SequenceRef sequence(String keyspace, String table) {
        if (keyspace != null) {
            return new Route.SequenceRef(keyspace, table);
        }
        for (String ks : snapshot.keyspaces()) {
            VSchema v = snapshot.vschema(ks).orElse(VSchema.EMPTY);
            VSchema.Table t = v.tables().get(table);
            if (t != null && t.isSequence()) {
                return new Route.SequenceRef(ks, table);
            }
        }
        throw new MysqlError(MysqlError.ER_NO_SUCH_TABLE, MysqlError.SQLSTATE_NO_SUCH_TABLE,
                "sequence " + table + " not found: declare it in an unsharded keyspace's VSchema with type sequence").exception();
    }

    /**
     * Inserts with the auto-increment column missing or NULL get ids from the table's sequence first; {@code then}
     * is told whether ids were filled in (the statement's text then no longer says what it does).
     */
    Route fill(Insert ins, VSchema.Table t, BiFunction<List<ExpressionList<?>>, Boolean, Route> then) {
        List<ExpressionList<?>> rows = InsertSplitter.rows(ins);
        ExpressionList<Column> cols = ins.getColumns();
        if (cols == null) {
            return then.apply(rows, false);
        }
        String autoCol = t.autoIncrement().column();
        int idx = InsertSplitter.columnIndex(cols, autoCol);
        int missing = 0;
        for (ExpressionList<?> row : rows) {
            if (idx < 0 || row.get(idx) instanceof NullValue) {
                missing++;
            }
        }
        if (missing == 0) {
            return then.apply(rows, false);
        }
        Route.SequenceRef seq = sequence(null, unqualified(t.autoIncrement().sequence()));
        int count = missing;
        return new Route.WithSequenceIds(seq, count, ids -> {
            int k = 0;
            int col = idx;
            if (col < 0) {
                @SuppressWarnings("unchecked")
                ExpressionList<Column> c = (ExpressionList<Column>) (ExpressionList<?>) cols;
                c.add(new Column(autoCol));
                col = c.size() - 1;
            }
            List<ParenthesedExpressionList<Expression>> newRows = new ArrayList<>();
            for (ExpressionList<?> row : rows) {
                List<Expression> values = new ArrayList<>(row);
                if (col >= values.size()) {
                    values.add(new LongValue(ids[k++]));
                } else if (values.get(col) instanceof NullValue) {
                    values.set(col, new LongValue(ids[k++]));
                }
                newRows.add(new ParenthesedExpressionList<>(values));
            }
            InsertSplitter.setRows(ins, newRows);
            return then.apply(new ArrayList<>(newRows), true);
        });
    }

    private static String unqualified(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }
}
