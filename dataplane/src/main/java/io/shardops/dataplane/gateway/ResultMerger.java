package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.ColumnType;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.ResultSet;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
        if (spec.distinctColumn() >= 0) {
            rows = distinctAggregate(rows, columns, spec);
            columns = countsAsBigint(columns, spec.aggregates());
        } else if (spec.aggregating()) {
            rows = aggregate(rows, columns, spec.groupBy(), spec.aggregates());
        } else if (!spec.groupBy().isEmpty()) {
            rows = aggregate(rows, columns, spec.groupBy(), nones(columns.size()));
        }
        if (spec.aggregating() && spec.groupBy().isEmpty() && rows.isEmpty()) {
            rows.add(emptyGroup(spec.aggregates(), columns.size()));  // an aggregate without GROUP BY answers one row
        }
        for (MergeSpec.Average a : spec.averages()) {
            for (byte[][] row : rows) {
                row[a.sumColumn()] = average(row[a.sumColumn()], row[a.countColumn()], columns.get(a.sumColumn()));
            }
        }
        if (spec.having() != null) {
            List<ColumnDefinition> cols = columns;
            rows.removeIf(row -> !spec.having().keeps(row, cols));
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

    private static List<byte[][]> aggregate(List<byte[][]> rows, List<ColumnDefinition> columns, List<Integer> groupBy,
                                            List<MergeSpec.Aggregate> aggregates) {
        Map<List<String>, byte[][]> groups = new LinkedHashMap<>();
        for (byte[][] row : rows) {
            List<String> key = new ArrayList<>();
            for (int g : groupBy) {
                key.add(TextOrder.key(row[g], columns.get(g)));
            }
            byte[][] acc = groups.get(key);
            if (acc == null) {
                groups.put(key, row.clone());
                continue;
            }
            for (int i = 0; i < acc.length && i < aggregates.size(); i++) {
                acc[i] = combine(aggregates.get(i), acc[i], row[i], columns.get(i));
            }
        }
        if (groups.isEmpty() && groupBy.isEmpty()) {
            return new ArrayList<>(rows);
        }
        return new ArrayList<>(groups.values());
    }

    /**
     * COUNT(DISTINCT x), SUM(DISTINCT x): each shard grouped its rows by x too and sent x in those columns. First
     * the same (group, x) from several shards become one, then each group counts or sums its distinct x.
     */
    private static List<byte[][]> distinctAggregate(List<byte[][]> rows, List<ColumnDefinition> columns, MergeSpec spec) {
        List<Integer> byValue = new ArrayList<>(spec.groupBy());
        byValue.add(spec.distinctColumn());
        List<MergeSpec.Aggregate> first = new ArrayList<>();
        List<MergeSpec.Aggregate> second = new ArrayList<>();
        for (MergeSpec.Aggregate a : spec.aggregates()) {
            boolean distinct = a == MergeSpec.Aggregate.COUNT_DISTINCT || a == MergeSpec.Aggregate.SUM_DISTINCT;
            first.add(distinct ? MergeSpec.Aggregate.NONE : a);
            second.add(distinct ? MergeSpec.Aggregate.SUM : a);
        }
        List<byte[][]> values = aggregate(rows, columns, byValue, first);
        for (byte[][] row : values) {
            byte[] x = row[spec.distinctColumn()];
            for (int i = 0; i < spec.aggregates().size(); i++) {
                if (spec.aggregates().get(i) == MergeSpec.Aggregate.COUNT_DISTINCT) {
                    row[i] = (x == null ? "0" : "1").getBytes(StandardCharsets.US_ASCII);
                } else if (spec.aggregates().get(i) == MergeSpec.Aggregate.SUM_DISTINCT) {
                    row[i] = x;
                }
            }
        }
        if (values.isEmpty()) {
            return values;
        }
        return aggregate(values, columns, spec.groupBy(), second);
    }

    /** A COUNT(DISTINCT x) column came from the shards typed as x; the client gets a count, typed as MySQL types it. */
    private static List<ColumnDefinition> countsAsBigint(List<ColumnDefinition> columns, List<MergeSpec.Aggregate> aggregates) {
        List<ColumnDefinition> out = new ArrayList<>(columns);
        for (int i = 0; i < aggregates.size() && i < out.size(); i++) {
            if (aggregates.get(i) == MergeSpec.Aggregate.COUNT_DISTINCT) {
                out.set(i, ColumnDefinition.bigint(out.get(i).name()));
            }
        }
        return out;
    }

    private static byte[][] emptyGroup(List<MergeSpec.Aggregate> aggregates, int width) {
        byte[][] row = new byte[width][];
        for (int i = 0; i < aggregates.size() && i < width; i++) {
            MergeSpec.Aggregate a = aggregates.get(i);
            if (a == MergeSpec.Aggregate.COUNT || a == MergeSpec.Aggregate.COUNT_DISTINCT) {
                row[i] = "0".getBytes(StandardCharsets.US_ASCII);
            }
        }
        return row;
    }

    /** SUM / COUNT as MySQL's AVG gives it: four more decimals than the sum for exact types, a double for floats. */
    private static byte[] average(byte[] sum, byte[] count, ColumnDefinition column) {
        if (sum == null || count == null || decimal(count).signum() == 0) {
            return null;
        }
        String text;
        if (column.type() == ColumnType.MYSQL_TYPE_DOUBLE || column.type() == ColumnType.MYSQL_TYPE_FLOAT) {
            text = Double.toString(Double.parseDouble(new String(sum, StandardCharsets.US_ASCII)) / decimal(count).doubleValue());
            if (text.endsWith(".0")) {
                text = text.substring(0, text.length() - 2);
            }
        } else {
            BigDecimal s = decimal(sum);
            text = s.divide(decimal(count), Math.max(s.scale(), 0) + 4, RoundingMode.HALF_UP).toPlainString();
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] combine(MergeSpec.Aggregate a, byte[] x, byte[] y, ColumnDefinition col) {
        return switch (a) {
            case NONE -> x;
            case COUNT, SUM, COUNT_DISTINCT, SUM_DISTINCT -> x == null ? y : y == null ? x
                    : decimal(x).add(decimal(y)).toPlainString().getBytes(StandardCharsets.US_ASCII);
            case MIN -> x == null ? y : y == null ? x : compare(x, y, col) <= 0 ? x : y;
            case MAX -> x == null ? y : y == null ? x : compare(x, y, col) >= 0 ? x : y;
            case CHECKSUM -> x == null || y == null ? null
                    : Long.toString((Long.parseLong(new String(x, StandardCharsets.US_ASCII))
                    + Long.parseLong(new String(y, StandardCharsets.US_ASCII))) & 0xFFFF_FFFFL).getBytes(StandardCharsets.US_ASCII);
        };
    }

    static BigDecimal decimal(byte[] v) {
        return new BigDecimal(new String(v, StandardCharsets.US_ASCII));
    }

    static int compare(byte[] x, byte[] y, ColumnDefinition col) {
        return TextOrder.compare(x, y, col);
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
