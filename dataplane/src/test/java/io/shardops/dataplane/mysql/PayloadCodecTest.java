package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The protocol's basic data types: fixed-length and length-encoded integers, length-encoded and NUL-terminated strings. */
class PayloadCodecTest {
    static String lenenc(long v) {
        return Hex.of(PayloadWriter.lenencInt(Buffer.buffer(), v));
    }

    @Test
    void lengthEncodedIntegersTakeTheWidthTheDocumentationGivesAtEachBoundary() {
        assertEquals("00", lenenc(0));
        assertEquals("fa", lenenc(250));
        assertEquals("fc fb 00", lenenc(251));
        assertEquals("fc ff ff", lenenc(0xffff));
        assertEquals("fd 00 00 01", lenenc(1 << 16));
        assertEquals("fd ff ff ff", lenenc((1 << 24) - 1));
        assertEquals("fe 00 00 00 01 00 00 00 00", lenenc(1 << 24));
        assertEquals("fe ff ff ff ff ff ff ff 7f", lenenc(Long.MAX_VALUE));
    }

    @Test
    void lengthEncodedIntegersReadBackAtEachBoundary() {
        for (long v : new long[] {0, 1, 250, 251, 252, 0xffff, 1 << 16, (1 << 24) - 1, 1 << 24, 1L << 32, Long.MAX_VALUE}) {
            PayloadReader r = new PayloadReader(PayloadWriter.lenencInt(Buffer.buffer(), v));
            assertEquals(v, r.lenencInt());
            assertFalse(r.hasRemaining(), "exactly its own bytes are consumed for " + v);
        }
    }

    @Test
    void aNegativeLengthIsRefusedWhenWriting() {
        assertThrows(IllegalArgumentException.class, () -> PayloadWriter.lenencInt(Buffer.buffer(), -1));
    }

    @Test
    void theNullMarkerAndTheErrHeaderAreNotIntegers() {
        assertEquals(-1, new PayloadReader(Hex.bytes("fb")).lenencInt());
        assertThrows(MalformedPacketException.class, () -> new PayloadReader(Hex.bytes("ff")).lenencInt());
    }

    @Test
    void aTruncatedLengthEncodedIntegerIsMalformed() {
        for (String s : new String[] {"fc 01", "fd 01 02", "fe 01 02 03 04 05 06 07", ""}) {
            assertThrows(MalformedPacketException.class, () -> new PayloadReader(Hex.bytes(s)).lenencInt(), s);
        }
    }

    @Test
    void fixedLengthIntegersAreLittleEndian() {
        PayloadReader r = new PayloadReader(Hex.bytes("01 | 01 02 | 01 02 03 | 01 02 03 04 | 01 02 03 04 05 06 07 08 | ff ff ff ff"));
        assertEquals(0x01, r.u8());
        assertEquals(0x0201, r.u16());
        assertEquals(0x030201, r.u24());
        assertEquals(0x04030201L, r.u32());
        assertEquals(0x0807060504030201L, r.u64());
        assertEquals(0xffffffffL, r.u32(), "int<4> is unsigned");
    }

    @Test
    void aShortReadSaysWhereAndHowMuch() {
        PayloadReader r = new PayloadReader(Hex.bytes("01 02 03"));
        r.u8();
        MalformedPacketException e = assertThrows(MalformedPacketException.class, r::u32);
        assertEquals("packet too short: need 4 bytes at offset 1 of 3", e.getMessage());
        assertEquals(1, r.position(), "a failed read consumes nothing");
    }

    @Test
    void aLengthEncodedStringFromTheDocumentationReads() {
        assertEquals("foo", new PayloadReader(Hex.bytes("03 66 6f 6f")).lenencString());
        assertEquals("03 66 6f 6f", Hex.of(PayloadWriter.lenencString(Buffer.buffer(), "foo")));
    }

    @Test
    void emptyAndNullStringsDiffer() {
        assertEquals("00", Hex.of(PayloadWriter.lenencString(Buffer.buffer(), "")));
        assertEquals("fb", Hex.of(PayloadWriter.lenencString(Buffer.buffer(), null)));
        assertEquals("", new PayloadReader(Hex.bytes("00")).lenencString());
        assertNull(new PayloadReader(Hex.bytes("fb")).lenencString());
    }

    @Test
    void aStringOf251BytesTakesAThreeBytePrefix() {
        byte[] v = new byte[251];
        Arrays.fill(v, (byte) 'x');
        Buffer b = PayloadWriter.lenencBytes(Buffer.buffer(), v);
        assertEquals("fc fb 00", Hex.of(b.getBuffer(0, 3)));
        assertEquals(254, b.length());
        assertArrayEquals(v, new PayloadReader(b).lenencBytes());
    }

    @Test
    void stringsAreUtf8() {
        Buffer b = PayloadWriter.lenencString(Buffer.buffer(), "é");
        assertEquals("02 c3 a9", Hex.of(b));
        assertEquals("é", new PayloadReader(b).lenencString());
    }

    @Test
    void aLengthPastTheEndOfThePacketIsMalformed() {
        assertThrows(MalformedPacketException.class, () -> new PayloadReader(Hex.bytes("05 61 62")).lenencBytes());
        assertThrows(MalformedPacketException.class, () -> new PayloadReader(Hex.bytes("fd ff ff ff 61")).lenencBytes());
    }

    @Test
    void aLengthBeyondWhatAJavaLongHoldsIsMalformedNotNull() {
        // 0xfe and eight 0xff bytes: a length of 2^64 - 1, not the NULL marker 0xfb
        assertThrows(MalformedPacketException.class, () -> new PayloadReader(Hex.bytes("fe ff ff ff ff ff ff ff ff 61")).lenencBytes());
    }

    @Test
    void nulTerminatedStringsStopAtTheNulAndConsumeIt() {
        PayloadReader r = new PayloadReader(Hex.bytes("72 6f 6f 74 00 | 00 | 61 62"));
        assertEquals("root", r.nulString());
        assertEquals("", r.nulString());
        assertEquals("ab", r.nulString(), "without a NUL: the rest of the packet");
        assertFalse(r.hasRemaining());
        assertEquals("72 6f 6f 74 00", Hex.of(PayloadWriter.nulString(Buffer.buffer(), "root")));
    }

    @Test
    void theRestOfThePacketIsAStringToo() {
        PayloadReader r = new PayloadReader(Buffer.buffer("\u0003select 1".getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, r.u8());
        assertEquals("select 1", r.restString());
        assertEquals(0, r.remaining());
        assertEquals("", r.restString());
    }

    @Test
    void readingCanStartPastAHeader() {
        PayloadReader r = new PayloadReader(Hex.bytes("00 01 00 00 00 02 00"), 5);
        assertEquals(2, r.u16());
    }
}
