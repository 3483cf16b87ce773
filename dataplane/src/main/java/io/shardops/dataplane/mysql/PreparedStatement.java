package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A statement prepared at this server: its text, where its parameters go, the parameter types
 * last bound, and long data sent for it. Execution turns bound values into SQL literals.
 */
public final class PreparedStatement {
    private final long id;
    private final String sql;
    private final int[] markers;
    private int[] paramTypes;
    private final Buffer[] longData;
    private Object attachment;

    public PreparedStatement(long id, String sql) {
        this.id = id;
        this.sql = sql;
        this.markers = Placeholders.find(sql);
        this.longData = new Buffer[markers.length];
    }

    public long id() {
        return id;
    }

    public String sql() {
        return sql;
    }

    /**
     * What the session handler derived from this statement and wants to keep as long as the statement lives
     * (the gateway: its routing decision), so it is not derived again at every execution.
     */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    public int paramCount() {
        return markers.length;
    }

    /** COM_STMT_SEND_LONG_DATA: appended to the parameter's value until the next execution. */
    public void appendLongData(int param, Buffer data) {
        if (param < 0 || param >= longData.length) {
            throw new MalformedPacketException("long data for parameter " + param + " of a statement with " + longData.length);
        }
        longData[param] = longData[param] == null ? data.copy() : longData[param].appendBuffer(data);
    }

    /** Whether COM_STMT_SEND_LONG_DATA left values for the next execution (they are only bound as text). */
    public boolean hasLongData() {
        for (Buffer b : longData) {
            if (b != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The parameter block of a COM_STMT_EXECUTE payload (after the stmt id) as another server's
     * statement takes it: no cursor (results are always sent whole), one iteration, and the
     * parameter types always included, the last ones bound when the client sent none, since the
     * server's statement may have been bound by another client's execution before.
     */
    public Buffer executeParams(PayloadReader r) {
        int n = markers.length;
        Buffer out = Buffer.buffer(16 + r.remaining()).appendByte((byte) 0).appendIntLE(1);
        if (n == 0) {
            return out;
        }
        r.u8();
        r.u32();
        byte[] nulls = r.bytes((n + 7) / 8);
        int[] types = boundTypes(r, nulls);
        out.appendBytes(nulls).appendByte((byte) 1);
        for (int type : types) {
            out.appendUnsignedShortLE(type);
        }
        return out.appendBytes(r.restBytes());
    }

    /**
     * The parameter types of this execution: the ones it sends (remembered for later executions), else
     * the last ones sent. A first execution whose parameters are all NULL may send none (Connector/J does).
     */
    private int[] boundTypes(PayloadReader r, byte[] nulls) {
        int n = markers.length;
        if (r.u8() == 1) {
            int[] types = new int[n];
            for (int i = 0; i < n; i++) {
                types[i] = r.u16();
            }
            paramTypes = types;
        }
        if (paramTypes != null) {
            return paramTypes;
        }
        int[] allNull = new int[n];
        for (int i = 0; i < n; i++) {
            if ((nulls[i / 8] & (1 << (i % 8))) == 0) {
                throw new MalformedPacketException("COM_STMT_EXECUTE without parameter types");
            }
            allNull[i] = ColumnType.MYSQL_TYPE_NULL;
        }
        return allNull;
    }

    public void reset() {
        Arrays.fill(longData, null);
    }

    /** The statement text with the parameters of a COM_STMT_EXECUTE payload (after the stmt id) substituted. */
    public String bind(PayloadReader r) {
        if (markers.length == 0) {
            return sql;
        }
        String[] literals = literals(r);
        reset();
        return Placeholders.substitute(sql, markers, literals);
    }

    /** The parameters of a COM_STMT_EXECUTE payload (after the stmt id) as SQL literals, in marker order. */
    public String[] literals(PayloadReader r) {
        int n = markers.length;
        if (n == 0) {
            return new String[0];
        }
        r.u8();   // cursor flags: cursors are not offered, results are always sent whole
        r.u32();  // iteration count, always 1
        byte[] nulls = r.bytes((n + 7) / 8);
        int[] types = boundTypes(r, nulls);
        String[] literals = new String[n];
        for (int i = 0; i < n; i++) {
            if ((nulls[i / 8] & (1 << (i % 8))) != 0) {
                literals[i] = "NULL";
            } else if (longData[i] != null) {
                literals[i] = SqlLiterals.quote(longData[i].getBytes());
            } else {
                literals[i] = readValue(r, types[i] & 0xff, (types[i] & 0x8000) != 0);
            }
        }
        return literals;
    }

    private static String readValue(PayloadReader r, int type, boolean unsigned) {
        return switch (type) {
            case ColumnType.MYSQL_TYPE_TINY -> Long.toString(unsigned ? r.u8() : (byte) r.u8());
            case ColumnType.MYSQL_TYPE_SHORT, ColumnType.MYSQL_TYPE_YEAR -> Long.toString(unsigned ? r.u16() : (short) r.u16());
            case ColumnType.MYSQL_TYPE_LONG, ColumnType.MYSQL_TYPE_INT24 -> Long.toString(unsigned ? r.u32() : (int) r.u32());
            case ColumnType.MYSQL_TYPE_LONGLONG -> {
                long v = r.u64();
                yield unsigned ? new BigInteger(Long.toUnsignedString(v)).toString() : Long.toString(v);
            }
            case ColumnType.MYSQL_TYPE_FLOAT -> finite(Float.intBitsToFloat((int) r.u32()));
            case ColumnType.MYSQL_TYPE_DOUBLE -> finite(Double.longBitsToDouble(r.u64()));
            case ColumnType.MYSQL_TYPE_NULL -> "NULL";
            case ColumnType.MYSQL_TYPE_DATE, ColumnType.MYSQL_TYPE_DATETIME, ColumnType.MYSQL_TYPE_TIMESTAMP -> readDateTime(r);
            case ColumnType.MYSQL_TYPE_TIME -> readTime(r);
            case ColumnType.MYSQL_TYPE_DECIMAL, ColumnType.MYSQL_TYPE_NEWDECIMAL -> {
                byte[] b = r.lenencBytes();
                String s = b == null ? "NULL" : new String(b, StandardCharsets.US_ASCII);
                if (!s.matches("-?[0-9]*\\.?[0-9]*([eE][-+]?[0-9]+)?") || s.isEmpty()) {
                    throw new MalformedPacketException("decimal parameter is not a number");
                }
                yield s;
            }
            default -> {
                byte[] b = r.lenencBytes();
                yield b == null ? "NULL" : SqlLiterals.quote(b);
            }
        };
    }

    /** NaN and the infinities have no SQL literal: as text, MySQL would read {@code NaN} or {@code Infinity} as a column name. */
    private static String finite(float v) {
        if (!Float.isFinite(v)) {
            throw new MalformedPacketException("FLOAT parameter is " + v + ", which MySQL cannot store");
        }
        return Float.toString(v);
    }

    private static String finite(double v) {
        if (!Double.isFinite(v)) {
            throw new MalformedPacketException("DOUBLE parameter is " + v + ", which MySQL cannot store");
        }
        return Double.toString(v);
    }

    private static String readDateTime(PayloadReader r) {
        int len = r.u8();
        if (len == 0) {
            return "'0000-00-00 00:00:00'";
        }
        int year = r.u16();
        int month = r.u8();
        int day = r.u8();
        int hour = 0;
        int minute = 0;
        int second = 0;
        long micros = 0;
        if (len >= 7) {
            hour = r.u8();
            minute = r.u8();
            second = r.u8();
        }
        if (len >= 11) {
            micros = r.u32();
        }
        if (len != 4 && len != 7 && len != 11) {
            throw new MalformedPacketException("bad date length " + len);
        }
        return String.format("'%04d-%02d-%02d %02d:%02d:%02d.%06d'", year, month, day, hour, minute, second, micros);
    }

    private static String readTime(PayloadReader r) {
        int len = r.u8();
        if (len == 0) {
            return "'00:00:00'";
        }
        if (len != 8 && len != 12) {
            throw new MalformedPacketException("bad time length " + len);
        }
        boolean negative = r.u8() == 1;
        long days = r.u32();
        int hour = r.u8();
        int minute = r.u8();
        int second = r.u8();
        long micros = len == 12 ? r.u32() : 0;
        return String.format("'%s%d:%02d:%02d.%06d'", negative ? "-" : "", days * 24 + hour, minute, second, micros);
    }
}
