package io.shardops.dataplane.tablet.copy;

import io.shardops.dataplane.vindex.Value;
import io.shardops.dataplane.vindex.Vindex;
import io.shardops.dataplane.vindex.VindexException;
import io.shardops.spec.key.KeyRange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which rows of a table a stream carries: all of them (MoveTables into an unsharded keyspace), or
 * those whose keyspace id under the target's primary vindex falls in the target shard's key range
 * (Reshard, MoveTables into a sharded keyspace).
 *
 * @param vindexColumn the primary vindex column; null selects every row
 */
public record RowSelector(String vindexColumn, Vindex vindex, KeyRange keyRange) {
    public static RowSelector all() {
        return new RowSelector(null, null, KeyRange.FULL);
    }

    public static RowSelector byKeyRange(String vindexColumn, Vindex vindex, KeyRange keyRange) {
        return new RowSelector(Objects.requireNonNull(vindexColumn), Objects.requireNonNull(vindex), Objects.requireNonNull(keyRange));
    }

    /** The predicate over rows laid out as {@code columns}. */
    public Predicate<Object[]> bind(List<String> columns) {
        int col = vindexColumnIndex(columns);
        return col < 0 ? row -> true : row -> acceptsKeyValue(row[col]);
    }

    /** The share of a table's rows this selector carries, assuming keyspace ids spread evenly (as hash gives): 0.5 for -80. */
    public double shareOfRows() {
        if (vindexColumn == null || keyRange.isFull()) {
            return 1.0;
        }
        return prefix(keyRange.end(), 1.0) - prefix(keyRange.start(), 0.0);
    }

    /** The first 8 bytes of a key range bound as a fraction of the keyspace id space; an empty bound is {@code empty}. */
    private static double prefix(byte[] bound, double empty) {
        if (bound.length == 0) {
            return empty;
        }
        double f = 0;
        double scale = 1.0 / 256;
        for (int i = 0; i < Math.min(8, bound.length); i++) {
            f += (bound[i] & 0xff) * scale;
            scale /= 256;
        }
        return f;
    }

    /** Where in {@code columns} the vindex column is; -1 when every row is carried. */
    public int vindexColumnIndex(List<String> columns) {
        if (vindexColumn == null || keyRange.isFull()) {
            return -1;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(vindexColumn)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the table has no vindex column '" + vindexColumn + "'; its columns are " + columns);
    }

    /** Whether a row whose vindex column holds {@code v} (as JDBC or the binlog reader gives it) belongs to the key range. */
    public boolean acceptsKeyValue(Object v) {
        if (vindexColumn == null || keyRange.isFull()) {
            return true;
        }
        if (v == null) {
            // a row without a sharding key has no keyspace id and belongs to no shard
            return false;
        }
        try {
            return keyRange.contains(vindex.keyspaceId(toValue(v)));
        } catch (VindexException e) {
            return false;
        }
    }

    static Value toValue(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return new Value.Int(BigInteger.valueOf(((Number) v).longValue()));
        }
        if (v instanceof BigInteger b) {
            return new Value.Int(b);
        }
        if (v instanceof BigDecimal d) {
            return new Value.Int(d.toBigIntegerExact());
        }
        if (v instanceof byte[] b) {
            return new Value.Text(b);
        }
        return new Value.Text(v.toString().getBytes(StandardCharsets.UTF_8));
    }
}
