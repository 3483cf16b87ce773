package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Little-endian and length-encoded writes of MySQL payload fields onto a Buffer. */
public final class PayloadWriter {
    private PayloadWriter() {}

    public static Buffer lenencInt(Buffer b, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative length " + v);
        }
        if (v < 251) {
            b.appendByte((byte) v);
        } else if (v < (1 << 16)) {
            b.appendByte((byte) 0xfc).appendUnsignedShortLE((int) v);
        } else if (v < (1 << 24)) {
            b.appendByte((byte) 0xfd).appendMediumLE((int) v);
        } else {
            b.appendByte((byte) 0xfe).appendLongLE(v);
        }
        return b;
    }

    public static Buffer lenencBytes(Buffer b, byte[] v) {
        if (v == null) {
            return b.appendByte((byte) 0xfb);
        }
        lenencInt(b, v.length);
        return b.appendBytes(v);
    }

    public static Buffer lenencString(Buffer b, String v) {
        return lenencBytes(b, v == null ? null : v.getBytes(StandardCharsets.UTF_8));
    }

    public static Buffer nulString(Buffer b, String v) {
        return b.appendBytes(v.getBytes(StandardCharsets.UTF_8)).appendByte((byte) 0);
    }
}
