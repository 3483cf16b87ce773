package io.shardops.dataplane.tablet.diff;

import io.shardops.spec.sql.Sql;
import io.shardops.dataplane.tablet.copy.TableLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Compares one table of a source shard with the same table of a target shard, row for row in
 * primary-key order, keeping only the rows the pair must agree on ({@link ShardPair}: the source rows
 * the target should hold, and on both sides only those this source shard owns when the target is
 * filled from several). Both sides are read by streaming, so the table never sits in memory. The
 * caller makes the source and its stream into the target stand still at matching positions first.
 */
public final class TableDiff {
    /** At most this many differing keys are listed per kind; the counts stay exact. */
    static final int MAX_KEYS = 20;

    private TableDiff() {}

    /** What a diff of one table found. */
    public record Result(String table, long sourceRows, long targetRows, long missing, long extra, long different, List<String> sampleKeys) {
        public boolean clean() {
            return missing == 0 && extra == 0 && different == 0;
        }

        @Override
        public String toString() {
            return table + ": " + sourceRows + " source row(s), " + targetRows + " target row(s)"
                    + (clean() ? ", no difference" : ", " + missing + " missing, " + extra + " extra, " + different + " different "
                    + sampleKeys);
        }
    }

    /**
     * @param pair which rows the two shards must agree on; a target row of this source shard that the
     *             source side does not have counts as extra
     */
    public static Result diff(Connection source, String sourceDatabase, Connection target, String targetDatabase, String table,
                              ShardPair pair) throws SQLException {
        TableLayout layout = TableLayout.read(source, sourceDatabase, table);
        Predicate<Object[]> belongs = pair.sourceRows(layout.columns());
        Predicate<Object[]> theirs = pair.targetRows(layout.columns());
        String order = String.join(", ", layout.primaryKey().stream().map(i -> Sql.identifier(layout.columns().get(i))).toList());
        String cols = String.join(", ", layout.columns().stream().map(Sql::identifier).toList());
        long sourceRows = 0;
        long targetRows = 0;
        long missing = 0;
        long extra = 0;
        long different = 0;
        List<String> keys = new ArrayList<>();
        try (Statement ss = streaming(source); Statement ts = streaming(target);
             ResultSet sr = ss.executeQuery("SELECT " + cols + " FROM " + Sql.qualified(sourceDatabase, table) + " ORDER BY " + order);
             ResultSet tr = ts.executeQuery("SELECT " + cols + " FROM " + Sql.qualified(targetDatabase, table) + " ORDER BY " + order)) {
            // TIME is read as text: the driver's java.sql.Time drops the microseconds and refuses negative times
            boolean[] n = asText(layout);
            Object[] s = nextMatching(sr, n, belongs);
            Object[] t = nextMatching(tr, n, theirs);
            while (s != null || t != null) {
                int c = s == null ? 1 : t == null ? -1 : compareKeys(s, t, layout.primaryKey());
                if (c < 0) {
                    missing++;
                    sourceRows++;
                    note(keys, "missing", s, layout);
                    s = nextMatching(sr, n, belongs);
                } else if (c > 0) {
                    extra++;
                    targetRows++;
                    note(keys, "extra", t, layout);
                    t = nextMatching(tr, n, theirs);
                } else {
                    sourceRows++;
                    targetRows++;
                    if (!sameRow(s, t)) {
                        different++;
                        note(keys, "different", s, layout);
                    }
                    s = nextMatching(sr, n, belongs);
                    t = nextMatching(tr, n, theirs);
                }
            }
        }
        return new Result(table, sourceRows, targetRows, missing, extra, different, List.copyOf(keys));
    }

    private static Statement streaming(Connection c) throws SQLException {
        Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        st.setFetchSize(Integer.MIN_VALUE);  // Connector/J: stream rows instead of buffering the result
        return st;
    }

    private static Object[] nextMatching(ResultSet rs, boolean[] n, Predicate<Object[]> belongs) throws SQLException {
        Object[] row;
        do {
            row = next(rs, n);
        } while (row != null && !belongs.test(row));
        return row;
    }

    private static Object[] next(ResultSet rs, boolean[] asText) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        Object[] row = new Object[asText.length];
        for (int i = 0; i < asText.length; i++) {
            row[i] = asText[i] ? rs.getString(i + 1) : rs.getObject(i + 1);
        }
        return row;
    }

    /** For each column, whether the diff reads it as text rather than as the driver's object: TIME columns. */
    static boolean[] asText(TableLayout layout) {
        boolean[] out = new boolean[layout.columns().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = "time".equalsIgnoreCase(layout.dataTypes().get(i));
        }
        return out;
    }

    private static void note(List<String> keys, String kind, Object[] row, TableLayout layout) {
        if (keys.size() < MAX_KEYS) {
            StringBuilder sb = new StringBuilder(kind).append(" (");
            for (int i = 0; i < layout.primaryKey().size(); i++) {
                int col = layout.primaryKey().get(i);
                sb.append(i == 0 ? "" : ", ").append(layout.columns().get(col)).append('=').append(show(row[col]));
            }
            keys.add(sb.append(')').toString());
        }
    }

    private static String show(Object v) {
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v);
    }

    static int compareKeys(Object[] a, Object[] b, List<Integer> pk) {
        for (int i : pk) {
            int c = compareValues(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** MariaDB's order for the key types a copy supports: numbers by value, binary strings bytewise, text as Java orders it. */
    static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return toBig(x).compareTo(toBig(y));
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        return a.toString().compareTo(b.toString());
    }

    private static BigDecimal toBig(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    static boolean sameRow(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] instanceof byte[] x && b[i] instanceof byte[] y) {
                if (!Arrays.equals(x, y)) {
                    return false;
                }
            } else if (a[i] instanceof Number x && b[i] instanceof Number y) {
                if (toBig(x).compareTo(toBig(y)) != 0) {
                    return false;
                }
            } else if (!Objects.equals(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

}
