package io.shardops.dataplane.tablet.copy;

import io.shardops.spec.sql.Sql;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/** Binding row values (from JDBC or from binlog events) as statement parameters. */
final class Rows {
    private Rows() {}

    static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.NULL);
        } else if (v instanceof byte[] b) {
            ps.setBytes(index, b);
        } else if (v instanceof BitSet bits) {
            ps.setBytes(index, reverse(bits.toByteArray()));
        } else if (v instanceof BigInteger bi) {
            ps.setBigDecimal(index, new BigDecimal(bi));
        } else {
            ps.setObject(index, v);
        }
    }

    /**
     * Appends {@code v} as a SQL literal MariaDB reads back exactly. Batches are sent as literal text:
     * the driver's client-side parameter parsing of a statement with thousands of placeholders costs
     * more than the insert itself.
     */
    static void appendLiteral(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("NULL");
        } else if (v instanceof byte[] b) {
            ColumnLiteral.appendHex(sb, b);
        } else if (v instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof Boolean bool) {
            sb.append(bool ? '1' : '0');
        } else if (v instanceof LocalDateTime t) {
            sb.append(Sql.literal(t.toString().replace('T', ' ')));
        } else if (v instanceof BitSet bits) {
            appendLiteral(sb, reverse(bits.toByteArray()));
        } else {
            sb.append(Sql.literal(v.toString()));
        }
    }

    static boolean sameKey(List<Object> a, List<Object> b) {
        return Arrays.deepEquals(a.toArray(), b.toArray());
    }

    private static byte[] reverse(byte[] littleEndian) {
        byte[] out = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            out[i] = littleEndian[littleEndian.length - 1 - i];
        }
        return out;
    }
}
