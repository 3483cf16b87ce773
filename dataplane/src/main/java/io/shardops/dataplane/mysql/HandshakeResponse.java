package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;

/** Protocol::HandshakeResponse41, the client's answer to the handshake. */
public record HandshakeResponse(int capabilities, int maxPacketSize, int characterSet, String user,
                                byte[] authResponse, String database, String authPlugin) {

    public static HandshakeResponse decode(Buffer payload) {
        PayloadReader r = new PayloadReader(payload);
        int caps = (int) r.u32();
        if (!CapabilityFlags.has(caps, CapabilityFlags.CLIENT_PROTOCOL_41)) {
            throw new MalformedPacketException("clients must speak protocol 4.1 (CLIENT_PROTOCOL_41)");
        }
        int maxPacket = (int) r.u32();
        int charset = r.u8();
        r.skip(23);
        String user = r.nulString();
        byte[] auth;
        if (CapabilityFlags.has(caps, CapabilityFlags.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            auth = r.lenencBytes();
        } else if (CapabilityFlags.has(caps, CapabilityFlags.CLIENT_SECURE_CONNECTION)) {
            auth = r.bytes(r.u8());
        } else {
            auth = r.nulBytes();
        }
        String db = null;
        if (CapabilityFlags.has(caps, CapabilityFlags.CLIENT_CONNECT_WITH_DB) && r.hasRemaining()) {
            db = r.nulString();
            if (db.isEmpty()) {
                db = null;
            }
        }
        String plugin = null;
        if (CapabilityFlags.has(caps, CapabilityFlags.CLIENT_PLUGIN_AUTH) && r.hasRemaining()) {
            plugin = r.nulString();
        }
        // connection attributes, if any, are not needed
        return new HandshakeResponse(caps, maxPacket, charset, user, auth == null ? new byte[0] : auth, db, plugin);
    }

    public Buffer encode() {
        Buffer b = Buffer.buffer(128);
        int caps = capabilities | (database != null ? CapabilityFlags.CLIENT_CONNECT_WITH_DB : 0);
        b.appendUnsignedIntLE(caps & 0xffffffffL);
        b.appendUnsignedIntLE(maxPacketSize & 0xffffffffL);
        b.appendByte((byte) characterSet);
        b.appendBytes(new byte[23]);
        PayloadWriter.nulString(b, user);
        if (CapabilityFlags.has(caps, CapabilityFlags.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            PayloadWriter.lenencBytes(b, authResponse);
        } else {
            b.appendByte((byte) authResponse.length).appendBytes(authResponse);
        }
        if (database != null) {
            PayloadWriter.nulString(b, database);
        }
        if (CapabilityFlags.has(caps, CapabilityFlags.CLIENT_PLUGIN_AUTH)) {
            PayloadWriter.nulString(b, authPlugin == null ? NativePassword.PLUGIN : authPlugin);
        }
        return b;
    }
}
