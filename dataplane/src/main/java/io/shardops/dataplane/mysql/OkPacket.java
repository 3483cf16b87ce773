package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;

/**
 * The OK packet's fields. The info text ("Rows matched: 1  Changed: 1  Warnings: 0") is length-encoded, as
 * MariaDB writes it whether or not the client asked for session tracking; no session-state data is ever sent.
 */
public record OkPacket(long affectedRows, long lastInsertId, int statusFlags, int warnings, String info) implements QueryResponse {
    public static final OkPacket EMPTY = new OkPacket(0, 0, ServerStatus.SERVER_STATUS_AUTOCOMMIT, 0, "");

    public static OkPacket affected(long rows, long lastInsertId) {
        return new OkPacket(rows, lastInsertId, ServerStatus.SERVER_STATUS_AUTOCOMMIT, 0, "");
    }

    public OkPacket withLastInsertId(long id) {
        return new OkPacket(affectedRows, id, statusFlags, warnings, info);
    }

    public OkPacket withStatus(int flags) {
        return new OkPacket(affectedRows, lastInsertId, flags, warnings, info);
    }

    /** Payload with header byte 0x00 (or 0xfe when it ends a result set under CLIENT_DEPRECATE_EOF). */
    public Buffer encode(int header) {
        Buffer b = Buffer.buffer(16 + (info == null ? 0 : info.length()));
        b.appendByte((byte) header);
        PayloadWriter.lenencInt(b, affectedRows);
        PayloadWriter.lenencInt(b, lastInsertId);
        b.appendUnsignedShortLE(statusFlags).appendUnsignedShortLE(warnings);
        if (info != null && !info.isEmpty()) {
            PayloadWriter.lenencString(b, info);
        }
        return b;
    }

    public Buffer encode() {
        return encode(0x00);
    }

    /** Decodes an OK payload (header 0x00 or 0xfe). */
    public static OkPacket decode(Buffer payload) {
        PayloadReader r = new PayloadReader(payload);
        r.u8();
        long affected = r.lenencInt();
        long insertId = r.lenencInt();
        int status = r.remaining() >= 2 ? r.u16() : 0;
        int warnings = r.remaining() >= 2 ? r.u16() : 0;
        String info = r.hasRemaining() ? info(payload, r.position()) : "";
        return new OkPacket(Math.max(affected, 0), Math.max(insertId, 0), status, warnings, info);
    }

    /** Length-encoded as MariaDB sends it; text to the end from a server that wrote it bare. */
    private static String info(Buffer payload, int start) {
        PayloadReader r = new PayloadReader(payload, start);
        try {
            String lenenc = r.lenencString();
            if (lenenc != null && !r.hasRemaining()) {
                return lenenc;
            }
        } catch (MalformedPacketException e) {
            // not length-encoded: read it as plain text below
        }
        return new PayloadReader(payload, start).restString();
    }
}
