package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;

/**
 * A Protocol::ColumnDefinition41.
 *
 * @param characterSet collation id: 63 (binary) for numbers and binary strings, 45 (utf8mb4_general_ci) for text
 * @param columnLength display width
 */
public record ColumnDefinition(
        String schema, String table, String orgTable, String name, String orgName,
        int characterSet, long columnLength, int type, int flags, int decimals) {

    public static final int BINARY_COLLATION = 63;
    public static final int UTF8_COLLATION = 45;
    /** utf8mb4_general_ci: the gateway's handshake, its connections to tablets, and the text it answers itself. */
    public static final int UTF8MB4_COLLATION = 45;

    /** A text column of a result the gateway makes itself (SHOW results, sequences). */
    public static ColumnDefinition varchar(String name) {
        return new ColumnDefinition("", "", "", name, name, UTF8_COLLATION, 256, ColumnType.MYSQL_TYPE_VAR_STRING, 0, 0);
    }

    public static ColumnDefinition bigint(String name) {
        return new ColumnDefinition("", "", "", name, name, BINARY_COLLATION, 20, ColumnType.MYSQL_TYPE_LONGLONG,
                ColumnType.BINARY_FLAG | ColumnType.NUM_FLAG, 0);
    }

    public ColumnDefinition withName(String newName) {
        return new ColumnDefinition(schema, table, orgTable, newName, orgName, characterSet, columnLength, type, flags, decimals);
    }

    public Buffer encode() {
        Buffer b = Buffer.buffer(64);
        PayloadWriter.lenencString(b, "def");
        PayloadWriter.lenencString(b, schema);
        PayloadWriter.lenencString(b, table);
        PayloadWriter.lenencString(b, orgTable);
        PayloadWriter.lenencString(b, name);
        PayloadWriter.lenencString(b, orgName);
        b.appendByte((byte) 0x0c);
        b.appendUnsignedShortLE(characterSet);
        b.appendUnsignedIntLE(columnLength);
        b.appendByte((byte) type);
        b.appendUnsignedShortLE(flags);
        b.appendByte((byte) decimals);
        b.appendShort((short) 0);
        return b;
    }

    public static ColumnDefinition decode(Buffer payload) {
        PayloadReader r = new PayloadReader(payload);
        r.lenencString(); // catalog, always "def"
        String schema = r.lenencString();
        String table = r.lenencString();
        String orgTable = r.lenencString();
        String name = r.lenencString();
        String orgName = r.lenencString();
        r.lenencInt(); // length of the fixed fields, 0x0c
        int charset = r.u16();
        long length = r.u32();
        int type = r.u8();
        int flags = r.u16();
        int decimals = r.u8();
        return new ColumnDefinition(schema, table, orgTable, name, orgName, charset, length, type, flags, decimals);
    }

    public boolean isNumeric() {
        return ColumnType.isNumeric(type);
    }

    public boolean isUnsigned() {
        return (flags & ColumnType.UNSIGNED_FLAG) != 0;
    }
}
