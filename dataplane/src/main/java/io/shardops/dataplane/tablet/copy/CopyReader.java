package io.shardops.dataplane.tablet.copy;

import io.shardops.spec.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;

/**
 * The source side of one table's copy: a single streaming query in primary-key order inside the copy's
 * snapshot, encoded straight into multi-row REPLACE statements and handed to the writer through a small
 * queue, so reading and encoding on this thread overlap with the target applying the previous batch.
 */
final class CopyReader implements Callable<Void> {
    /**
     * One transaction's worth of the copy.
     *
     * @param sql     the statement writing the accepted rows; null when the selector accepted none of them
     * @param lastKey the key of the last row read, where a resumed copy continues
     * @param last    the table is read to its end
     */
    record Batch(String sql, int rows, int read, List<Object> lastKey, boolean last) {}

    private final Connection src;
    private final String sourceDb;
    private final TableLayout layout;
    private final String targetTable;
    private final RowSelector selector;
    private final List<Object> after;
    private final int maxRows;
    private final int maxChars;
    private final BlockingQueue<Batch> out;

    /**
     * @param layout      the source table's carried columns
     * @param targetTable the table the rows go into on the target
     * @param after    the key to continue after; empty for the whole table
     * @param maxRows  rows read per batch at most (a filtered copy still commits its progress this often)
     * @param maxChars SQL text per batch at most, give or take one row; well below the target's max_allowed_packet
     */
    CopyReader(Connection src, String sourceDb, TableLayout layout, String targetTable, RowSelector selector, List<Object> after, int maxRows, int maxChars,
               BlockingQueue<Batch> out) {
        this.src = src;
        this.sourceDb = sourceDb;
        this.layout = layout;
        this.targetTable = targetTable;
        this.selector = selector;
        this.after = after;
        this.maxRows = maxRows;
        this.maxChars = maxChars;
        this.out = out;
    }

    @Override
    public Void call() throws SQLException, InterruptedException {
        int width = layout.columns().size();
        ColumnLiteral[] literals = layout.dataTypes().stream().map(ColumnLiteral::forDataType).toArray(ColumnLiteral[]::new);
        int vindexColumn = selector.vindexColumnIndex(layout.columns());
        String prefix = "REPLACE INTO " + Sql.identifier(targetTable) + " (" + layout.quotedColumns() + ") VALUES ";
        StringBuilder sql = new StringBuilder(maxChars + (maxChars >> 3));
        int rows = 0;
        int read = 0;
        try (PreparedStatement ps = src.prepareStatement(query())) {
            ps.setFetchSize(Integer.MIN_VALUE);  // Connector/J: stream the rows instead of holding the table in memory
            List<Object> params = after.isEmpty() ? List.of() : layout.afterKeyParameters(after);
            for (int i = 0; i < params.size(); i++) {
                Rows.bind(ps, i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read++;
                    if (vindexColumn < 0 || selector.acceptsKeyValue(rs.getObject(vindexColumn + 1))) {
                        sql.append(rows == 0 ? prefix : ",").append('(');
                        for (int i = 0; i < width; i++) {
                            if (i > 0) {
                                sql.append(',');
                            }
                            literals[i].append(rs, i + 1, sql);
                        }
                        sql.append(')');
                        rows++;
                    }
                    if (read >= maxRows || sql.length() >= maxChars) {
                        out.put(new Batch(rows == 0 ? null : sql.toString(), rows, read, layout.keyOf(rs), false));
                        sql.setLength(0);
                        rows = 0;
                        read = 0;
                    }
                }
            }
        }
        out.put(new Batch(rows == 0 ? null : sql.toString(), rows, read, List.of(), true));
        return null;
    }

    private String query() {
        return "SELECT " + layout.quotedColumns() + " FROM " + Sql.qualified(sourceDb, layout.name())
                + (after.isEmpty() ? "" : " WHERE " + layout.afterKeyCondition()) + " ORDER BY " + layout.orderBy();
    }
}
