package io.shardops.dataplane.mysql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoded text result set: column definitions and rows of raw text values (null for SQL NULL).
 * Used where the gateway merges or makes results; single-shard results are forwarded as bytes instead.
 */
public record ResultSet(List<ColumnDefinition> columns, List<byte[][]> rows, int warnings) implements QueryResponse {
    public ResultSet {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public ResultSet(List<ColumnDefinition> columns, List<byte[][]> rows) {
        this(columns, rows, 0);
    }

    /** A result of text columns from strings; for answers the gateway makes itself. */
    public static ResultSet ofStrings(List<String> columnNames, List<List<String>> values) {
        List<ColumnDefinition> cols = new ArrayList<>();
        for (String n : columnNames) {
            cols.add(ColumnDefinition.varchar(n));
        }
        List<byte[][]> rows = new ArrayList<>();
        for (List<String> row : values) {
            byte[][] r = new byte[row.size()][];
            for (int i = 0; i < r.length; i++) {
                r[i] = row.get(i) == null ? null : row.get(i).getBytes(StandardCharsets.UTF_8);
            }
            rows.add(r);
        }
        return new ResultSet(cols, rows);
    }

    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A value as text, for tests and small answers. */
    public String text(int row, int column) {
        byte[] v = rows.get(row)[column];
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
