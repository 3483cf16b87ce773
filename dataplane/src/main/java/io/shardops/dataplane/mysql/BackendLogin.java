package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/** The client side of a connection's login: handshake, handshake response, optional auth switch, OK or ERR. */
final class BackendLogin implements PacketFramer.Listener {
    private final NetSocket socket;
    private final BackendEndpoint endpoint;
    private final Promise<BackendConnection> result = Promise.promise();
    private final PacketFramer framer;
    private Handshake handshake;

    BackendLogin(NetSocket socket, BackendEndpoint endpoint) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.framer = new PacketFramer(1 << 20, this);
    }

    Future<BackendConnection> run() {
        socket.handler(framer);
        socket.closeHandler(v -> result.tryFail(new MysqlError(MysqlError.CR_SERVER_LOST, "HY000",
                "backend " + endpoint + " closed the connection during login").exception()));
        socket.exceptionHandler(t -> socket.close());
        return result.future();
    }

    @Override
    public void packet(int seq, Buffer payload) {
        try {
            if (handshake == null) {
                if (Packets.isErr(payload)) {
                    failWith(Packets.decodeErr(payload));
                    return;
                }
                handshake = Handshake.decode(payload);
                int caps = CapabilityFlags.BACKEND_CLIENT & (handshake.capabilities() | CapabilityFlags.CLIENT_LONG_PASSWORD);
                if (!CapabilityFlags.has(handshake.capabilities(), CapabilityFlags.CLIENT_PLUGIN_AUTH)) {
                    caps &= ~CapabilityFlags.CLIENT_PLUGIN_AUTH;
                }
                HandshakeResponse resp = new HandshakeResponse(caps, 1 << 24, ColumnDefinition.UTF8MB4_COLLATION, endpoint.user(),
                        NativePassword.scramble(endpoint.password(), handshake.salt()), endpoint.database(),
                        NativePassword.PLUGIN);
                send(seq + 1, resp.encode());
                return;
            }
            int header = payload.getUnsignedByte(0);
            if (header == Packets.OK_HEADER) {
                result.tryComplete(BackendConnection.loggedIn(socket, endpoint, handshake));
            } else if (header == Packets.ERR_HEADER) {
                failWith(Packets.decodeErr(payload));
            } else if (header == 0xfe) {
                PayloadReader r = new PayloadReader(payload, 1);
                String plugin = r.nulString();
                byte[] salt = r.nulBytes();
                if (!NativePassword.PLUGIN.equals(plugin)) {
                    failWith(MysqlError.unknown("backend " + endpoint + " asks for auth plugin " + plugin
                            + "; only mysql_native_password is supported"));
                    return;
                }
                send(seq + 1, Buffer.buffer(NativePassword.scramble(endpoint.password(), salt)));
            } else {
                failWith(MysqlError.unknown("backend " + endpoint + " sent an unexpected login packet 0x" + Integer.toHexString(header)));
            }
        } catch (MalformedPacketException e) {
            failWith(MysqlError.unknown("backend " + endpoint + ": " + e.getMessage()));
        }
    }

    private void send(int seq, Buffer payload) {
        Buffer out = Buffer.buffer();
        PacketFramer.frame(out, seq & 0xff, payload);
        socket.write(out);
    }

    private void failWith(MysqlError e) {
        socket.close();
        result.tryFail(e.exception());
    }

    @Override
    public void malformed(String reason) {
        failWith(MysqlError.unknown("backend " + endpoint + ": " + reason));
    }
}
