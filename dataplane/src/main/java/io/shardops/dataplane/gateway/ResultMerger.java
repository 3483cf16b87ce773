package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.ResultSet;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Combines the result sets of a scattered SELECT as its {@link MergeSpec} says. Pure. */
public final class ResultMerger {
    private ResultMerger() {}

    public static ResultSet merge(List<ResultSet> parts, MergeSpec spec) {
        if (parts.isEmpty()) {
            throw MysqlError.unknown("no shard answered").exception();
        }
        List<ColumnDefinition> columns = parts.get(0).columns();
        List<byte[][]> rows = new ArrayList<>();
        int warnings = 0;
        for (ResultSet p : parts) {
            rows.addAll(p.rows());
            warnings += p.warnings();
        }
        if (spec.aggregating()) {
            rows = aggregate(rows, columns, spec);
        } else if (!spec.groupBy().isEmpty()) {
            rows = aggregate(rows, columns, new MergeSpec(nones(columns.size()), spec.groupBy(), spec.orderBy(),
                    spec.offset(), spec.limit(), spec.visibleColumns()));
        }
        if (!spec.orderBy().isEmpty()) {
            rows.sort(comparator(columns, resolved(columns, spec.orderBy())));
        }
        int from = (int) Math.min(spec.offset(), rows.size());
        int to = spec.limit() < 0 ? rows.size() : (int) Math.min(rows.size(), from + spec.limit());
        rows = new ArrayList<>(rows.subList(from, to));
        int visible = spec.visibleColumns();
        if (visible >= 0 && visible < columns.size()) {
            // drop the sort columns the gateway added to the shards' select lists
            columns = columns.subList(0, visible);
            List<byte[][]> trimmed = new ArrayList<>(rows.size());
            for (byte[][] row : rows) {
                trimmed.add(Arrays.copyOf(row, visible));
            }
            rows = trimmed;
        }
        return new ResultSet(columns, rows, warnings);
    }

    private static List<MergeSpec.Aggregate> nones(int n) {
        List<MergeSpec.Aggregate> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(MergeSpec.Aggregate.NONE);
        }
        return l;
    }

    private static List<byte[][]> aggregate(List<byte[][]> rows, List<ColumnDefinition> columns, MergeSpec spec) {
        Map<List<String>, byte[][]> groups = new LinkedHashMap<>();
        for (byte[][] row : rows) {
            List<String> key = new ArrayList<>();
            for (int g : spec.groupBy()) {
                key.add(row[g] == null ? null : new String(row[g], StandardCharsets.UTF_8));
            }
            byte[][] acc = groups.get(key);
            if (acc == null) {
                groups.put(key, row.clone());
                continue;
            }
            for (int i = 0; i < acc.length && i < spec.aggregates().size(); i++) {
                acc[i] = combine(spec.aggregates().get(i), acc[i], row[i], columns.get(i));
            }
        }
        if (groups.isEmpty() && spec.groupBy().isEmpty()) {
            return rows;
        }
        return new ArrayList<>(groups.values());
    }

    private static byte[] combine(MergeSpec.Aggregate a, byte[] x, byte[] y, ColumnDefinition col) {
        return switch (a) {
            case NONE -> x;
            case COUNT, SUM -> x == null ? y : y == null ? x
                    : decimal(x).add(decimal(y)).toPlainString().getBytes(StandardCharsets.US_ASCII);
            case MIN -> x == null ? y : y == null ? x : compare(x, y, col) <= 0 ? x : y;
            case MAX -> x == null ? y : y == null ? x : compare(x, y, col) >= 0 ? x : y;
        };
    }

    private static BigDecimal decimal(byte[] v) {
        return new BigDecimal(new String(v, StandardCharsets.US_ASCII));
    }

    static int compare(byte[] x, byte[] y, ColumnDefinition col) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : -1) : 1;  // NULL sorts first, as in MySQL
        }
        if (col.isNumeric()) {
            try {
                return decimal(x).compareTo(decimal(y));
            } catch (NumberFormatException e) {
                // fall through to text order
            }
        }
        if (col.characterSet() == ColumnDefinition.BINARY_COLLATION) {
            return Arrays.compareUnsigned(x, y);
        }
        return new String(x, StandardCharsets.UTF_8).compareToIgnoreCase(new String(y, StandardCharsets.UTF_8));
    }

    /** Sort keys named by column (ORDER BY under SELECT *) turned into positions of the result. */
    private static List<MergeSpec.SortKey> resolved(List<ColumnDefinition> columns, List<MergeSpec.SortKey> keys) {
        List<MergeSpec.SortKey> out = new ArrayList<>(keys.size());
        for (MergeSpec.SortKey k : keys) {
            if (k.column() >= 0) {
                out.add(k);
                continue;
            }
            int found = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equalsIgnoreCase(k.name())) {
                    if (found >= 0) {
                        throw MysqlError.notSupported("unsupported: ORDER BY " + k.name() + " is ambiguous in SELECT * across shards;"
                                + " name the columns in the select list").exception();
                    }
                    found = i;
                }
            }
            if (found < 0) {
                throw MysqlError.notSupported("unsupported: ORDER BY " + k.name() + " names no column of SELECT * across shards;"
                        + " add it to the select list").exception();
            }
            out.add(new MergeSpec.SortKey(found, k.descending()));
        }
        return out;
    }

    private static Comparator<byte[][]> comparator(List<ColumnDefinition> columns, List<MergeSpec.SortKey> keys) {
        return (a, b) -> {
            for (MergeSpec.SortKey k : keys) {
                int c = compare(a[k.column()], b[k.column()], columns.get(k.column()));
                if (c != 0) {
                    return k.descending() ? -c : c;
                }
            }
            return 0;
        };
    }
}
