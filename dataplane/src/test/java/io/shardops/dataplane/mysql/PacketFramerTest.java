package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing of the byte stream into packets: 3-byte length, sequence id, payload; payloads of 16 MiB - 1 and more split. */
class PacketFramerTest {
    static final int MAX = PacketFramer.MAX_PAYLOAD_PER_PACKET;

    record Got(int seq, Buffer payload) {}

    static final class Collector implements PacketFramer.Listener {
        final List<Got> packets = new ArrayList<>();
        final List<Integer> packetsAtEndOfChunk = new ArrayList<>();
        String malformed;

        @Override
        public void packet(int sequenceId, Buffer payload) {
            packets.add(new Got(sequenceId, payload.copy()));
        }

        @Override
        public void endOfChunk() {
            packetsAtEndOfChunk.add(packets.size());
        }

        @Override
        public void malformed(String reason) {
            malformed = reason;
        }
    }

    static Buffer payloadOf(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return Buffer.buffer(b);
    }

    @Test
    void aComQuitFromTheDocumentationIsOnePacket() {
        Collector c = new Collector();
        new PacketFramer(1024, c).handle(Hex.bytes("01 00 00 00 01"));
        assertEquals(1, c.packets.size());
        assertEquals(0, c.packets.get(0).seq());
        assertEquals("01", Hex.of(c.packets.get(0).payload()));
    }

    @Test
    void framingWritesTheLengthLittleEndianAndTheSequenceId() {
        Buffer wire = Buffer.buffer();
        assertEquals(8, PacketFramer.frame(wire, 7, Hex.bytes("03 73 65 6c 65 63 74 20 31")));
        assertEquals("09 00 00 07 03 73 65 6c 65 63 74 20 31", Hex.of(wire));
    }

    @Test
    void anEmptyPayloadIsAPacketOfItsOwn() {
        Buffer wire = Buffer.buffer();
        PacketFramer.frame(wire, 2, Buffer.buffer());
        assertEquals("00 00 00 02", Hex.of(wire));
        Collector c = new Collector();
        new PacketFramer(10, c).handle(wire);
        assertEquals(0, c.packets.get(0).payload().length());
    }

    @Test
    void aPayloadOverTheSplitSizeTakesOneSequenceIdPerPhysicalPacket() {
        Buffer payload = payloadOf(2 * MAX + 5, 1);
        Buffer wire = Buffer.buffer();
        assertEquals(3, PacketFramer.frame(wire, 0, payload));
        assertEquals("ff ff ff 00", Hex.of(wire.getBuffer(0, 4)));
        assertEquals("ff ff ff 01", Hex.of(wire.getBuffer(4 + MAX, 8 + MAX)));
        assertEquals("05 00 00 02", Hex.of(wire.getBuffer(8 + 2 * MAX, 12 + 2 * MAX)));

        Collector c = new Collector();
        new PacketFramer(64 << 20, c).handle(wire);
        assertEquals(1, c.packets.size());
        assertEquals(2, c.packets.get(0).seq(), "the sequence id of the last physical packet");
        assertEquals(payload, c.packets.get(0).payload());
    }

    @Test
    void aPayloadOfExactlyTheSplitSizeEndsWithAnEmptyPacket() {
        Buffer payload = payloadOf(MAX, 2);
        Buffer wire = Buffer.buffer();
        assertEquals(6, PacketFramer.frame(wire, 4, payload));
        assertEquals(MAX + 8, wire.length());
        assertEquals("00 00 00 05", Hex.of(wire.getBuffer(MAX + 4, MAX + 8)));
        Collector c = new Collector();
        new PacketFramer(64 << 20, c).handle(wire.appendBuffer(Hex.bytes("01 00 00 00 0e")));
        assertEquals(2, c.packets.size(), "the empty packet ends the payload, the next packet stands alone");
        assertEquals(payload, c.packets.get(0).payload());
        assertEquals(5, c.packets.get(0).seq());
        assertEquals("0e", Hex.of(c.packets.get(1).payload()));
    }

    @Test
    void sequenceIdsWrapAfter255() {
        Buffer wire = Buffer.buffer();
        assertEquals(1, PacketFramer.frame(wire, 255, payloadOf(MAX + 1, 3)));
        assertEquals(0xff, wire.getUnsignedByte(3));
        assertEquals(0x00, wire.getUnsignedByte(MAX + 4 + 3));
    }

    @Test
    void aSplitPayloadArrivingInOddPiecesIsJoinedOnce() {
        Buffer payload = payloadOf(MAX + 1000, 4);
        Buffer wire = Buffer.buffer();
        PacketFramer.frame(wire, 0, payload);
        PacketFramer.frame(wire, 0, Hex.bytes("0e"));
        Collector c = new Collector();
        PacketFramer f = new PacketFramer(64 << 20, c);
        // cut inside the first header, inside the first payload, across the second header, and inside the last packet
        int[] cuts = {2, 1_000_000, MAX + 2, MAX + 6, MAX + 500, wire.length() - 3, wire.length()};
        int from = 0;
        for (int cut : cuts) {
            f.handle(wire.getBuffer(from, cut));
            from = cut;
        }
        assertEquals(2, c.packets.size());
        assertEquals(payload, c.packets.get(0).payload());
        assertEquals("0e", Hex.of(c.packets.get(1).payload()));
        assertEquals(0, f.buffered());
    }

    @Test
    void bytesOfASplitPayloadInFlightCountAsBuffered() {
        Buffer wire = Buffer.buffer();
        PacketFramer.frame(wire, 0, payloadOf(MAX + 10, 5));
        Collector c = new Collector();
        PacketFramer f = new PacketFramer(64 << 20, c);
        f.handle(wire.getBuffer(0, MAX + 4 + 6));
        assertTrue(c.packets.isEmpty());
        assertEquals(MAX + 6, f.buffered(), "the first physical packet's payload plus the bytes of the next one");
    }

    @Test
    void endOfChunkFollowsEachReadThatDeliveredPackets() {
        Buffer wire = Buffer.buffer();
        PacketFramer.frame(wire, 0, Hex.bytes("01"));
        PacketFramer.frame(wire, 1, Hex.bytes("02"));
        PacketFramer.frame(wire, 2, Hex.bytes("03"));
        Collector c = new Collector();
        PacketFramer f = new PacketFramer(1024, c);
        f.handle(wire.getBuffer(0, 12));       // two whole packets and half a header
        f.handle(wire.getBuffer(12, 13));      // nothing complete
        f.handle(wire.getBuffer(13, 15));      // the third
        assertEquals(List.of(2, 3), c.packetsAtEndOfChunk, "one call per read that delivered, none for a read that did not");
    }

    @Test
    void theLimitCountsEveryPieceOfASplitPayload() {
        Buffer wire = Buffer.buffer();
        PacketFramer.frame(wire, 0, payloadOf(MAX + 100, 6));
        Collector c = new Collector();
        new PacketFramer(MAX + 50, c).handle(wire);
        assertTrue(c.packets.isEmpty());
        assertEquals("packet of at least " + (MAX + 100) + " bytes exceeds the limit of " + (MAX + 50), c.malformed);
    }

    @Test
    void nothingIsReadAfterAMalformedStream() {
        Collector c = new Collector();
        PacketFramer f = new PacketFramer(4, c);
        f.handle(Hex.bytes("05 00 00 00"));
        f.handle(Hex.bytes("01 00 00 01 01"));
        assertTrue(c.packets.isEmpty());
        assertTrue(c.packetsAtEndOfChunk.isEmpty());
    }

    @Test
    void aListenerThatPausesAndResumesFromInsideKeepsTheOrder() {
        Buffer wire = Buffer.buffer();
        for (int i = 0; i < 3; i++) {
            PacketFramer.frame(wire, i, Buffer.buffer(new byte[] {(byte) i}));
        }
        List<Integer> order = new ArrayList<>();
        PacketFramer[] framer = new PacketFramer[1];
        framer[0] = new PacketFramer(16, new PacketFramer.Listener() {
            @Override
            public void packet(int sequenceId, Buffer payload) {
                order.add((int) payload.getByte(0));
                framer[0].pause();
                framer[0].resume();
            }

            @Override
            public void malformed(String reason) {
                order.add(-1);
            }
        });
        framer[0].handle(wire);
        assertEquals(List.of(0, 1, 2), order);
    }

    @Test
    void aPacketAtTheLimitPasses() {
        Collector c = new Collector();
        Buffer wire = Buffer.buffer();
        PacketFramer.frame(wire, 0, payloadOf(100, 7));
        new PacketFramer(100, c).handle(wire);
        assertNull(c.malformed);
        assertEquals(1, c.packets.size());
    }
}
