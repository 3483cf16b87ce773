package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Encoders and classifiers of the generic response packets. */
public final class Packets {
    private Packets() {}

    public static final int OK_HEADER = 0x00;
    public static final int EOF_HEADER = 0xfe;
    public static final int ERR_HEADER = 0xff;
    public static final int LOCAL_INFILE_HEADER = 0xfb;

    public static Buffer err(MysqlError e) {
        byte[] msg = e.message().getBytes(StandardCharsets.UTF_8);
        Buffer b = Buffer.buffer(9 + msg.length);
        b.appendByte((byte) ERR_HEADER).appendUnsignedShortLE(e.code()).appendByte((byte) '#');
        b.appendString(e.sqlState(), "US-ASCII");
        return b.appendBytes(msg);
    }

    public static MysqlError decodeErr(Buffer payload) {
        PayloadReader r = new PayloadReader(payload);
        r.u8();
        int code = r.u16();
        String state = MysqlError.SQLSTATE_GENERAL;
        if (r.hasRemaining() && r.peek() == '#') {
            r.u8();
            state = new String(r.bytes(Math.min(5, r.remaining())), StandardCharsets.US_ASCII);
        }
        return new MysqlError(code, state, r.restString());
    }

    public static Buffer eof(int warnings, int statusFlags) {
        return Buffer.buffer(5).appendByte((byte) EOF_HEADER).appendUnsignedShortLE(warnings).appendUnsignedShortLE(statusFlags);
    }

    public static boolean isErr(Buffer payload) {
        return payload.length() > 0 && payload.getUnsignedByte(0) == ERR_HEADER;
    }

    public static boolean isOk(Buffer payload) {
        return payload.length() > 0 && payload.getUnsignedByte(0) == OK_HEADER;
    }

    /** An EOF packet, or an OK with header 0xfe ending a result set: 0xfe and shorter than a length-encoded 8-byte integer. */
    public static boolean isEof(Buffer payload) {
        return payload.length() > 0 && payload.length() < 9 && payload.getUnsignedByte(0) == EOF_HEADER;
    }

    /** The status flags of an EOF (0xfe, warnings, status) or OK packet; 0 when absent. */
    public static int statusFlags(Buffer payload) {
        if (isEof(payload) && payload.length() == 5) {
            return payload.getUnsignedShortLE(3);
        }
        if (isOk(payload) || isEof(payload)) {
            return OkPacket.decode(payload).statusFlags();
        }
        return 0;
    }

    /**
     * A copy of an OK or EOF packet (a result's end) with {@code status} as its status flags; other packets are
     * returned as they are.
     */
    public static Buffer withStatus(Buffer payload, int status) {
        int at;
        if (isEof(payload) && payload.length() == 5) {
            at = 3;
        } else if (isOk(payload) || isEof(payload)) {
            PayloadReader r = new PayloadReader(payload, 1);
            r.lenencInt();
            r.lenencInt();
            if (r.remaining() < 2) {
                return payload;
            }
            at = r.position();
        } else {
            return payload;
        }
        Buffer copy = payload.copy();
        copy.setUnsignedShortLE(at, status);
        return copy;
    }

    /** A text-protocol row: one length-encoded string per value, 0xfb for NULL. */
    public static Buffer textRow(byte[][] values) {
        int size = 0;
        for (byte[] v : values) {
            size += v == null ? 1 : v.length + 9;
        }
        Buffer b = Buffer.buffer(size);
        for (byte[] v : values) {
            PayloadWriter.lenencBytes(b, v);
        }
        return b;
    }

    public static byte[][] decodeTextRow(Buffer payload, int columns) {
        PayloadReader r = new PayloadReader(payload);
        byte[][] values = new byte[columns][];
        for (int i = 0; i < columns; i++) {
            values[i] = r.lenencBytes();
        }
        return values;
    }

    public static Buffer columnCount(int n) {
        return PayloadWriter.lenencInt(Buffer.buffer(9), n);
    }
}
