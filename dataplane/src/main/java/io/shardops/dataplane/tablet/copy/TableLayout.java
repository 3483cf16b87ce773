package io.shardops.dataplane.tablet.copy;

import io.shardops.spec.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A table's columns in ordinal order (the order binlog row events use) and its primary key.
 *
 * @param primaryKey indexes into {@code columns}, in key order
 * @param dataTypes  each column's {@code information_schema} data type ({@code bigint}, {@code varbinary}, ...)
 */
public record TableLayout(String name, List<String> columns, List<Integer> primaryKey, List<String> dataTypes) {
    public TableLayout {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        dataTypes = List.copyOf(dataTypes);
        if (dataTypes.size() != columns.size()) {
            throw new IllegalArgumentException(name + ": " + columns.size() + " columns but " + dataTypes.size() + " data types");
        }
    }

    public static TableLayout read(Connection c, String database, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    types.add(rs.getString(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + database + "." + table + " does not exist");
        }
        List<Integer> pk = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.key_column_usage"
                + " WHERE table_schema = ? AND table_name = ? AND constraint_name = 'PRIMARY' ORDER BY ordinal_position")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pk.add(indexOf(columns, rs.getString(1)));
                }
            }
        }
        if (pk.isEmpty()) {
            throw new SQLException("table " + database + "." + table + " has no primary key; a copy needs one to order and apply rows");
        }
        return new TableLayout(table, columns, pk, types);
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalStateException("primary key column " + name + " not among " + columns);
    }

    public String quotedColumns() {
        return columns.stream().map(Sql::identifier).collect(Collectors.joining(", "));
    }

    /** {@code REPLACE INTO `t` (cols) VALUES (?, ...), ...} for {@code rows} rows. */
    public String replaceSql(int rows) {
        String one = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        return "REPLACE INTO " + Sql.identifier(name) + " (" + quotedColumns() + ") VALUES "
                + String.join(", ", Collections.nCopies(rows, one));
    }

    /** {@code DELETE FROM `t` WHERE pk1 = ? AND ...}. */
    public String deleteSql() {
        return "DELETE FROM " + Sql.identifier(name) + " WHERE "
                + primaryKey.stream().map(i -> Sql.identifier(columns.get(i)) + " = ?").collect(Collectors.joining(" AND "));
    }

    /** {@code ORDER BY} the primary key. */
    public String orderBy() {
        return primaryKey.stream().map(i -> Sql.identifier(columns.get(i))).collect(Collectors.joining(", "));
    }

    /** Rows after a key: {@code a > ? OR (a = ? AND b > ?)}, with the parameters it needs. */
    public String afterKeyCondition() {
        List<String> ors = new ArrayList<>();
        for (int k = 0; k < primaryKey.size(); k++) {
            List<String> ands = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                ands.add(Sql.identifier(columns.get(primaryKey.get(j))) + " = ?");
            }
            ands.add(Sql.identifier(columns.get(primaryKey.get(k))) + " > ?");
            ors.add("(" + String.join(" AND ", ands) + ")");
        }
        return String.join(" OR ", ors);
    }

    /** The parameters of {@link #afterKeyCondition} for {@code key}. */
    public List<Object> afterKeyParameters(List<Object> key) {
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < key.size(); k++) {
            for (int j = 0; j <= k; j++) {
                out.add(key.get(j));
            }
        }
        return out;
    }

    /** The primary key of the result set's current row, read as JDBC objects (the types {@link #afterKeyParameters} binds). */
    public List<Object> keyOf(ResultSet rs) throws SQLException {
        List<Object> key = new ArrayList<>(primaryKey.size());
        for (int i : primaryKey) {
            key.add(rs.getObject(i + 1));
        }
        return key;
    }

    public List<Object> keyOf(Object[] row) {
        List<Object> key = new ArrayList<>(primaryKey.size());
        for (int i : primaryKey) {
            key.add(row[i]);
        }
        return key;
    }
}
