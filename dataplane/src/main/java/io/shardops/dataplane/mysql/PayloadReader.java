package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one packet payload. Every read is bounds-checked: a short or lying packet
 * raises {@link MalformedPacketException}, never an index error deep in a handler.
 */
public final class PayloadReader {
    private final Buffer buf;
    private int pos;
    private final int end;

    public PayloadReader(Buffer buf) {
        this(buf, 0);
    }

    public PayloadReader(Buffer buf, int start) {
        this.buf = buf;
        this.pos = start;
        this.end = buf.length();
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    private void need(int n) {
        if (n < 0 || pos + n > end) {
            throw new MalformedPacketException("packet too short: need " + n + " bytes at offset " + pos + " of " + end);
        }
    }

    public int peek() {
        need(1);
        return buf.getUnsignedByte(pos);
    }

    public int u8() {
        need(1);
        return buf.getUnsignedByte(pos++);
    }

    public int u16() {
        need(2);
        int v = buf.getUnsignedShortLE(pos);
        pos += 2;
        return v;
    }

    public int u24() {
        need(3);
        int v = buf.getUnsignedMediumLE(pos);
        pos += 3;
        return v;
    }

    public long u32() {
        need(4);
        long v = buf.getUnsignedIntLE(pos);
        pos += 4;
        return v;
    }

    public long u64() {
        need(8);
        long v = buf.getLongLE(pos);
        pos += 8;
        return v;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    /** A length-encoded integer; -1 stands for the NULL marker 0xfb. */
    public long lenencInt() {
        int first = u8();
        return switch (first) {
            case 0xfb -> -1;
            case 0xfc -> u16();
            case 0xfd -> u24();
            case 0xfe -> u64();
            case 0xff -> throw new MalformedPacketException("0xff is not a length-encoded integer");
            default -> first;
        };
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] b = buf.getBytes(pos, pos + n);
        pos += n;
        return b;
    }

    /** A length-encoded string's bytes, or null for the NULL marker. */
    public byte[] lenencBytes() {
        if (peek() == 0xfb) {
            u8();
            return null;
        }
        long n = lenencInt();
        // an 8-byte length of 2^63 or more reads as negative: a lie, not the NULL marker
        if (n < 0 || n > remaining()) {
            throw new MalformedPacketException("length-encoded string of " + n + " bytes overruns the packet");
        }
        return bytes((int) n);
    }

    public String lenencString() {
        byte[] b = lenencBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Bytes up to the next NUL, which is consumed; the rest of the packet when there is none. */
    public byte[] nulBytes() {
        int i = pos;
        while (i < end && buf.getByte(i) != 0) {
            i++;
        }
        byte[] b = buf.getBytes(pos, i);
        pos = Math.min(i + 1, end);
        return b;
    }

    public String nulString() {
        return new String(nulBytes(), StandardCharsets.UTF_8);
    }

    public byte[] restBytes() {
        byte[] b = buf.getBytes(pos, end);
        pos = end;
        return b;
    }

    public String restString() {
        return new String(restBytes(), StandardCharsets.UTF_8);
    }
}
