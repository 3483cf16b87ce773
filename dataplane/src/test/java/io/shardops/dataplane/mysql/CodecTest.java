package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.sql.Sql;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecTest {
    record Got(int seq, Buffer payload) {}

    static final class Collector implements PacketFramer.Listener {
        final List<Got> packets = new ArrayList<>();
        String malformed;
        int chunks;

        @Override
        public void packet(int sequenceId, Buffer payload) {
            packets.add(new Got(sequenceId, payload.copy()));
        }

        @Override
        public void endOfChunk() {
            chunks++;
        }

        @Override
        public void malformed(String reason) {
            malformed = reason;
        }
    }

    @Test
    void framerReassemblesPacketsSplitAcrossReads() {
        Buffer wire = Buffer.buffer();
        int seq = PacketFramer.frame(wire, 0, Buffer.buffer("hello"));
        PacketFramer.frame(wire, seq, Buffer.buffer("world!"));
        Collector c = new Collector();
        PacketFramer f = new PacketFramer(1024, c);
        for (int i = 0; i < wire.length(); i++) {
            f.handle(wire.getBuffer(i, i + 1));
        }
        assertEquals(2, c.packets.size());
        assertEquals("hello", c.packets.get(0).payload().toString());
        assertEquals(0, c.packets.get(0).seq());
        assertEquals("world!", c.packets.get(1).payload().toString());
        assertEquals(1, c.packets.get(1).seq());
    }

    @Test
    void payloadsOf16MegabytesAreSplitAndJoined() {
        Buffer big = Buffer.buffer(new byte[PacketFramer.MAX_PAYLOAD_PER_PACKET + 10]);
        big.setByte(big.length() - 1, (byte) 7);
        Buffer wire = Buffer.buffer();
        int next = PacketFramer.frame(wire, 3, big);
        assertEquals(5, next);
        assertEquals(big.length() + 8, wire.length());
        Buffer exact = Buffer.buffer(new byte[PacketFramer.MAX_PAYLOAD_PER_PACKET]);
        Buffer wire2 = Buffer.buffer();
        assertEquals(2, PacketFramer.frame(wire2, 0, exact));
        assertEquals(exact.length() + 8, wire2.length(), "an exact multiple ends with an empty packet");
        Collector c = new Collector();
        new PacketFramer(64 << 20, c).handle(wire.appendBuffer(wire2));
        assertEquals(2, c.packets.size());
        assertEquals(big.length(), c.packets.get(0).payload().length());
        assertEquals(7, c.packets.get(0).payload().getByte(big.length() - 1));
        assertEquals(exact.length(), c.packets.get(1).payload().length());
    }

    @Test
    void packetsOverTheBoundAreRefusedBeforeBuffering() {
        Collector c = new Collector();
        PacketFramer f = new PacketFramer(100, c);
        f.handle(Buffer.buffer(new byte[] {(byte) 0xe8, 0x03, 0, 0}));  // declares 1000 bytes
        assertTrue(c.malformed.contains("exceeds"), c.malformed);
        f.handle(Buffer.buffer(new byte[] {1, 0, 0, 0, 1}));
        assertTrue(c.packets.isEmpty());
    }

    @Test
    void pausedFramerHoldsPacketsUntilResumed() {
        Collector c = new Collector();
        PacketFramer f = new PacketFramer(100, c);
        Buffer wire = Buffer.buffer();
        PacketFramer.frame(wire, 0, Buffer.buffer("a"));
        PacketFramer.frame(wire, 0, Buffer.buffer("b"));
        f.pause();
        f.handle(wire);
        assertTrue(c.packets.isEmpty());
        assertEquals(10, f.buffered());
        f.resume();
        assertEquals(2, c.packets.size());
    }

    @Test
    void lengthEncodedIntegersRoundTripAtEveryWidth() {
        for (long v : new long[] {0, 250, 251, 65535, 65536, (1 << 24) - 1, 1 << 24, Long.MAX_VALUE}) {
            Buffer b = PayloadWriter.lenencInt(Buffer.buffer(), v);
            assertEquals(v, new PayloadReader(b).lenencInt());
        }
        assertEquals(-1, new PayloadReader(Buffer.buffer(new byte[] {(byte) 0xfb})).lenencInt());
        assertThrows(MalformedPacketException.class, () -> new PayloadReader(Buffer.buffer(new byte[] {(byte) 0xfc, 1})).lenencInt());
        assertThrows(MalformedPacketException.class,
                () -> new PayloadReader(Buffer.buffer(new byte[] {(byte) 0x05, 'a'})).lenencBytes());
    }

    @Test
    void nativePasswordMatchesMysqlsStoredHashAndVerifies() {
        // MySQL: SELECT PASSWORD('password') = *2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19
        assertEquals("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", NativePassword.storedHashText("password"));
        byte[] salt = NativePassword.newSalt();
        byte[] scramble = NativePassword.scramble("password", salt);
        assertTrue(NativePassword.verify(NativePassword.storedHash("password"), salt, scramble));
        assertFalse(NativePassword.verify(NativePassword.storedHash("other"), salt, scramble));
        assertFalse(NativePassword.verify(NativePassword.storedHash("password"), salt, new byte[3]));
        Authenticator a = Authenticator.Static.ofPasswords(Map.of("u", "password", "empty", ""));
        assertTrue(a.accepts("u", salt, scramble));
        assertFalse(a.accepts("nobody", salt, scramble));
        assertTrue(a.accepts("empty", salt, new byte[0]));
    }

    @Test
    void staticAuthFileUsesVitessFormat(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("users.json");
        Files.writeString(f, "{\"alice\": [{\"Password\": \"pw\", \"UserData\": \"a\"}],"
                + " \"bob\": [{\"MysqlNativePassword\": \"" + NativePassword.storedHashText("bpw") + "\"}], \"carol\": \"cpw\"}");
        Authenticator.Static a = Authenticator.Static.fromFile(f);
        byte[] salt = NativePassword.newSalt();
        assertTrue(a.accepts("alice", salt, NativePassword.scramble("pw", salt)));
        assertTrue(a.accepts("bob", salt, NativePassword.scramble("bpw", salt)));
        assertTrue(a.accepts("carol", salt, NativePassword.scramble("cpw", salt)));
        assertFalse(a.accepts("carol", salt, NativePassword.scramble("pw", salt)));
    }

    @Test
    void handshakeAndResponseRoundTrip() {
        byte[] salt = NativePassword.newSalt();
        Handshake h = new Handshake("5.7.9-shardops", 42, salt, CapabilityFlags.SERVER_DEFAULT, 33, 2, NativePassword.PLUGIN);
        Handshake back = Handshake.decode(h.encode());
        assertEquals("5.7.9-shardops", back.serverVersion());
        assertEquals(42, back.connectionId());
        assertArrayEquals(salt, back.salt());
        assertEquals(CapabilityFlags.SERVER_DEFAULT, back.capabilities());
        assertEquals(NativePassword.PLUGIN, back.authPlugin());

        HandshakeResponse r = new HandshakeResponse(CapabilityFlags.BACKEND_CLIENT | CapabilityFlags.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA,
                1 << 24, 33, "bob", NativePassword.scramble("pw", salt), "commerce", NativePassword.PLUGIN);
        HandshakeResponse r2 = HandshakeResponse.decode(r.encode());
        assertEquals("bob", r2.user());
        assertEquals("commerce", r2.database());
        assertArrayEquals(r.authResponse(), r2.authResponse());
        assertEquals(NativePassword.PLUGIN, r2.authPlugin());
        assertThrows(MalformedPacketException.class, () -> HandshakeResponse.decode(Buffer.buffer(new byte[] {0, 2, 0, 0, 1})));
        assertThrows(MalformedPacketException.class, () -> HandshakeResponse.decode(Buffer.buffer(new byte[] {0, 0, 0, 0})));
    }

    @Test
    void anOkPacketsInfoIsLengthEncodedAsMariaDbSendsIt() {
        String info = "Rows matched: 1  Changed: 1  Warnings: 0";
        Buffer mariadb = Buffer.buffer().appendByte((byte) 0).appendByte((byte) 1).appendByte((byte) 0)
                .appendUnsignedShortLE(ServerStatus.SERVER_STATUS_AUTOCOMMIT).appendUnsignedShortLE(0)
                .appendByte((byte) info.length()).appendString(info);
        OkPacket ok = OkPacket.decode(mariadb);
        assertEquals(info, ok.info());
        assertEquals(mariadb, ok.encode());
        Buffer bare = Buffer.buffer().appendByte((byte) 0).appendByte((byte) 1).appendByte((byte) 0)
                .appendUnsignedShortLE(ServerStatus.SERVER_STATUS_AUTOCOMMIT).appendUnsignedShortLE(0).appendString(info);
        assertEquals(info, OkPacket.decode(bare).info());
    }

    @Test
    void okErrEofAndColumnDefinitionsRoundTrip() {
        OkPacket ok = new OkPacket(3, 1000, ServerStatus.SERVER_STATUS_AUTOCOMMIT, 1, "Rows matched: 3");
        assertEquals(ok, OkPacket.decode(ok.encode()));
        MysqlError e = new MysqlError(1146, "42S02", "Table 'x' doesn't exist");
        assertEquals(e, Packets.decodeErr(Packets.err(e)));
        assertTrue(Packets.isEof(Packets.eof(0, ServerStatus.SERVER_MORE_RESULTS_EXISTS)));
        assertEquals(ServerStatus.SERVER_MORE_RESULTS_EXISTS, Packets.statusFlags(Packets.eof(0, ServerStatus.SERVER_MORE_RESULTS_EXISTS)));
        ColumnDefinition c = new ColumnDefinition("s", "t", "t", "a", "a", 63, 20, ColumnType.MYSQL_TYPE_LONGLONG, 3, 0);
        assertEquals(c, ColumnDefinition.decode(c.encode()));
        byte[][] row = {"x".getBytes(StandardCharsets.UTF_8), null, new byte[0]};
        byte[][] back = Packets.decodeTextRow(Packets.textRow(row), 3);
        assertArrayEquals(row[0], back[0]);
        assertNull(back[1]);
        assertEquals(0, back[2].length);
    }

    @Test
    void binaryRowsEncodeByColumnType() {
        List<ColumnDefinition> cols = List.of(
                new ColumnDefinition("", "", "", "i", "", 63, 20, ColumnType.MYSQL_TYPE_LONGLONG, 0, 0),
                new ColumnDefinition("", "", "", "n", "", 63, 20, ColumnType.MYSQL_TYPE_LONG, 0, 0),
                new ColumnDefinition("", "", "", "s", "", 33, 20, ColumnType.MYSQL_TYPE_VAR_STRING, 0, 0),
                new ColumnDefinition("", "", "", "d", "", 63, 20, ColumnType.MYSQL_TYPE_DATETIME, 0, 0));
        byte[][] row = {"-2".getBytes(), null, "ab".getBytes(), "2024-01-02 03:04:05".getBytes()};
        Buffer b = BinaryRows.encode(cols, row);
        // header, null bitmap (4 columns + 2 offset bits -> 1 byte, column 1 -> bit 3), then values
        assertEquals("00" + "08" + "feffffffffffffff" + "026162" + "07e80701020304" + "05",
                HexFormat.of().formatHex(b.getBytes()).substring(0, 2 + 2 + 16 + 6 + 14) + "05");
    }

    @Test
    void placeholdersSkipQuotesAndComments() {
        String sql = "select '?', \"?\", `?` /* ? */ from t where a = ? and b = ? -- ?\n and c = ?";
        int[] m = Placeholders.find(sql);
        assertEquals(3, m.length);
        String out = Placeholders.substitute(sql, m, new String[] {"1", Sql.literal("it's"), "NULL"});
        assertTrue(out.endsWith("a = 1 and b = 'it''s' -- ?\n and c = NULL"), out);
    }

    @Test
    void preparedStatementBindsTypedParameters() {
        PreparedStatement ps = new PreparedStatement(1, "select * from t where a = ? and b = ? and c = ?");
        Buffer exec = Buffer.buffer();
        exec.appendByte((byte) 0).appendIntLE(1);                       // flags, iterations
        exec.appendByte((byte) 0b100);                                  // third parameter NULL
        exec.appendByte((byte) 1);                                      // types follow
        exec.appendShortLE((short) ColumnType.MYSQL_TYPE_LONGLONG);
        exec.appendShortLE((short) ColumnType.MYSQL_TYPE_VAR_STRING);
        exec.appendShortLE((short) ColumnType.MYSQL_TYPE_LONG);
        exec.appendLongLE(-7);
        PayloadWriter.lenencString(exec, "x'y");
        assertEquals("select * from t where a = -7 and b = 'x''y' and c = NULL", ps.bind(new PayloadReader(exec)));
        assertThrows(MalformedPacketException.class, () -> ps.bind(new PayloadReader(Buffer.buffer(new byte[] {0, 1}))));
    }

    @Test
    void responseTrackerFindsTheEndOfMultipleResults() {
        ResponseTracker t = new ResponseTracker(ResponseTracker.Shape.QUERY);
        assertEquals(ResponseTracker.Kind.COLUMN_COUNT, t.next(Packets.columnCount(1)));
        assertEquals(ResponseTracker.Kind.COLUMN, t.next(ColumnDefinition.varchar("a").encode()));
        assertEquals(ResponseTracker.Kind.COLUMNS_END, t.next(Packets.eof(0, 0)));
        assertEquals(ResponseTracker.Kind.ROW, t.next(Packets.textRow(new byte[][] {{1}})));
        assertEquals(ResponseTracker.Kind.RESULT_END, t.next(Packets.eof(0, ServerStatus.SERVER_MORE_RESULTS_EXISTS)));
        assertFalse(t.done());
        assertEquals(ResponseTracker.Kind.OK, t.next(OkPacket.EMPTY.encode()));
        assertTrue(t.done());
        assertThrows(MalformedPacketException.class, () -> t.next(OkPacket.EMPTY.encode()));
    }
}
