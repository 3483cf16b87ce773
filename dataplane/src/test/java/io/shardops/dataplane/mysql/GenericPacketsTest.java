package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** OK, ERR and EOF packets and column definitions, against the examples of the MySQL protocol documentation. */
class GenericPacketsTest {
    @Test
    void theDocumentedOkPacketDecodes() {
        // OK: 0 affected rows, last insert id 0, AUTOCOMMIT, 0 warnings, no info
        OkPacket ok = OkPacket.decode(Hex.bytes("00 00 00 02 00 00 00"));
        assertEquals(new OkPacket(0, 0, ServerStatus.SERVER_STATUS_AUTOCOMMIT, 0, ""), ok);
        assertEquals("00 00 00 02 00 00 00", Hex.of(OkPacket.EMPTY.encode()));
    }

    @Test
    void okCountsAreLengthEncoded() {
        OkPacket ok = new OkPacket(70_000, 251, ServerStatus.SERVER_STATUS_IN_TRANS, 3, "Rows matched: 1");
        Buffer b = ok.encode();
        assertEquals("00 fd 70 11 01 fc fb 00 01 00 03 00", Hex.of(b.getBuffer(0, 12)));
        assertEquals(ok, OkPacket.decode(b));
    }

    @Test
    void anOkEndingAResultSetForADeprecateEofClientHasHeaderFe() {
        Buffer b = new OkPacket(0, 0, ServerStatus.SERVER_STATUS_AUTOCOMMIT, 0, "").encode(Packets.EOF_HEADER);
        assertEquals("fe 00 00 02 00 00 00", Hex.of(b));
        assertTrue(Packets.isEof(b), "under 9 bytes with header 0xfe: the end of the rows");
        assertFalse(Packets.isOk(b));
        assertEquals(ServerStatus.SERVER_STATUS_AUTOCOMMIT, Packets.statusFlags(b));
    }

    @Test
    void aShortOkWithoutStatusDecodesWithZeroFlags() {
        assertEquals(new OkPacket(1, 0, 0, 0, ""), OkPacket.decode(Hex.bytes("00 01 00")));
    }

    @Test
    void theDocumentedErrPacketDecodesAndEncodesByteForByte() {
        // ERR 1096 (HY000): No tables used
        Buffer wire = Hex.bytes("ff 48 04 23 48 59 30 30 30 4e 6f 20 74 61 62 6c 65 73 20 75 73 65 64");
        MysqlError e = Packets.decodeErr(wire);
        assertEquals(new MysqlError(1096, "HY000", "No tables used"), e);
        assertEquals(Hex.of(wire), Hex.of(Packets.err(e)));
        assertTrue(Packets.isErr(wire));
        assertEquals(0, Packets.statusFlags(wire), "an ERR carries no status flags");
    }

    @Test
    void anErrWithoutSqlStateMarkerGetsTheGeneralState() {
        MysqlError e = Packets.decodeErr(Hex.bytes("ff 48 04 4e 6f 20 74 61 62 6c 65 73"));
        assertEquals(new MysqlError(1096, MysqlError.SQLSTATE_GENERAL, "No tables"), e);
    }

    @Test
    void anErrorAlwaysHasAFiveCharacterStateAndAMessage() {
        MysqlError e = new MysqlError(1105, "XY", null);
        assertEquals(MysqlError.SQLSTATE_GENERAL, e.sqlState());
        assertEquals("", e.message());
        assertEquals("ERROR 1105 (HY000): ", e.toString());
        assertEquals("ff 51 04 23 48 59 30 30 30", Hex.of(Packets.err(e)));
    }

    @Test
    void theErrorsShardopsSendsCarryMysqlsNumbersAndStates() {
        assertEquals(new MysqlError(1045, "28000", "Access denied for user 'bob'"), MysqlError.accessDenied("bob"));
        assertEquals(new MysqlError(1049, "42000", "Unknown database 'x'"), MysqlError.badDb("x"));
        assertEquals(new MysqlError(1046, "3D000", "No database selected"), MysqlError.noDb());
        assertEquals(1064, MysqlError.syntax("s").code());
        assertEquals(1235, MysqlError.notSupported("s").code());
        assertEquals(new MysqlError(1105, "HY000", "m"), MysqlError.unknown("m"));
    }

    @Test
    void theDocumentedEofPacketCarriesWarningsAndStatus() {
        Buffer eof = Hex.bytes("fe 00 00 02 00");
        assertTrue(Packets.isEof(eof));
        assertEquals(ServerStatus.SERVER_STATUS_AUTOCOMMIT, Packets.statusFlags(eof));
        assertEquals(Hex.of(eof), Hex.of(Packets.eof(0, ServerStatus.SERVER_STATUS_AUTOCOMMIT)));
        assertEquals("fe 03 00 0a 00", Hex.of(Packets.eof(3, ServerStatus.SERVER_STATUS_AUTOCOMMIT | ServerStatus.SERVER_MORE_RESULTS_EXISTS)));
    }

    @Test
    void aRowStartingWith0xfeIsNotAnEof() {
        // a text row whose first value has an 8-byte length prefix: 9 bytes or more
        Buffer row = Hex.bytes("fe 01 00 00 00 00 00 00 00 61");
        assertFalse(Packets.isEof(row));
        assertEquals(0, Packets.statusFlags(row));
    }

    @Test
    void theDocumentedColumnDefinitionDecodesAndEncodesByteForByte() {
        // from the binary result set example: a VAR_STRING column col1, charset 8, length 6, decimals 0x1f
        Buffer wire = Hex.bytes("03 64 65 66 00 00 00 04 63 6f 6c 31 00 0c 08 00 06 00 00 00 fd 00 00 1f 00 00");
        ColumnDefinition c = ColumnDefinition.decode(wire);
        assertEquals(new ColumnDefinition("", "", "", "col1", "", 8, 6, ColumnType.MYSQL_TYPE_VAR_STRING, 0, 0x1f), c);
        assertEquals(Hex.of(wire), Hex.of(c.encode()));
        assertFalse(c.isNumeric());
    }

    @Test
    void theGatewaysOwnColumnsDescribeTheirTypes() {
        ColumnDefinition n = ColumnDefinition.bigint("id");
        assertTrue(n.isNumeric());
        assertFalse(n.isUnsigned());
        assertEquals(ColumnDefinition.BINARY_COLLATION, n.characterSet());
        ColumnDefinition v = ColumnDefinition.varchar("name");
        assertEquals(ColumnDefinition.UTF8_COLLATION, v.characterSet());
        assertEquals("alias", v.withName("alias").name());
        assertEquals("name", v.withName("alias").orgName());
        ColumnDefinition u = new ColumnDefinition("", "", "", "u", "", 63, 20, ColumnType.MYSQL_TYPE_LONGLONG, ColumnType.UNSIGNED_FLAG, 0);
        assertTrue(u.isUnsigned());
    }

    @Test
    void aTruncatedColumnDefinitionIsMalformed() {
        Buffer wire = Hex.bytes("03 64 65 66 00 00 00 04 63 6f 6c 31 00 0c 08 00 06 00");
        Assertions.assertThrows(MalformedPacketException.class, () -> ColumnDefinition.decode(wire));
    }

    @Test
    void textRowsUseTheNullMarker() {
        byte[][] row = Packets.decodeTextRow(Hex.bytes("fb 03 66 6f 6f 00"), 3);
        assertEquals(null, row[0]);
        assertEquals("foo", new String(row[1]));
        assertEquals(0, row[2].length);
        assertEquals("fb 03 66 6f 6f 00", Hex.of(Packets.textRow(row)));
        assertEquals("fc 2c 01", Hex.of(Packets.columnCount(300)));
    }
}
