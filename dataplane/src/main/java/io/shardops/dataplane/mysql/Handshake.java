package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;


/** Protocol::HandshakeV10, the server's first packet. */
public record Handshake(String serverVersion, long connectionId, byte[] salt, int capabilities,
                        int characterSet, int statusFlags, String authPlugin) {

    public Buffer encode() {
        Buffer b = Buffer.buffer(96);
        b.appendByte((byte) 10);
        PayloadWriter.nulString(b, serverVersion);
        b.appendUnsignedIntLE(connectionId);
        b.appendBytes(salt, 0, 8).appendByte((byte) 0);
        b.appendUnsignedShortLE(capabilities & 0xffff);
        b.appendByte((byte) characterSet);
        b.appendUnsignedShortLE(statusFlags);
        b.appendUnsignedShortLE((capabilities >>> 16) & 0xffff);
        b.appendByte((byte) (salt.length + 1));
        b.appendBytes(new byte[10]);
        b.appendBytes(salt, 8, salt.length - 8).appendByte((byte) 0);
        PayloadWriter.nulString(b, authPlugin);
        return b;
    }

    public static Handshake decode(Buffer payload) {
        PayloadReader r = new PayloadReader(payload);
        int version = r.u8();
        if (version != 10) {
            throw new MalformedPacketException("unsupported handshake protocol version " + version);
        }
        String serverVersion = r.nulString();
        long connectionId = r.u32();
        byte[] salt1 = r.bytes(8);
        r.u8();
        int caps = r.u16();
        int charset = r.hasRemaining() ? r.u8() : 0;
        int status = r.hasRemaining() ? r.u16() : 0;
        caps |= r.hasRemaining() ? r.u16() << 16 : 0;
        int authDataLen = r.hasRemaining() ? r.u8() : 0;
        if (r.remaining() >= 10) {
            r.skip(10);
        }
        byte[] salt2 = new byte[0];
        if (CapabilityFlags.has(caps, CapabilityFlags.CLIENT_SECURE_CONNECTION)) {
            int n = Math.max(13, authDataLen - 8);
            salt2 = r.bytes(Math.min(n, r.remaining()));
            if (salt2.length > 0 && salt2[salt2.length - 1] == 0) {
                salt2 = Arrays.copyOf(salt2, salt2.length - 1);
            }
        }
        String plugin = r.hasRemaining() ? r.nulString() : NativePassword.PLUGIN;
        byte[] salt = new byte[8 + salt2.length];
        System.arraycopy(salt1, 0, salt, 0, 8);
        System.arraycopy(salt2, 0, salt, 8, salt2.length);
        return new Handshake(serverVersion, connectionId, salt, caps, charset, status, plugin);
    }

    @Override
    public String toString() {
        return "Handshake[" + serverVersion + ", plugin=" + authPlugin + ", id=" + connectionId + "]";
    }

}
