package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection's login: the handshake, the TLS upgrade when the client asks for it, the switch to
 * mysql_native_password, the password check (with the per-host throttle) and the start of the
 * session. A client has {@link ConnectionLimits#loginTimeout()} for all of it.
 */
final class LoginPhase {
    private static final Logger LOG = Logger.getLogger(LoginPhase.class.getName());
    /** Protocol::SSLRequest: capabilities, max packet, character set, 23 zero bytes. */
    private static final int SSL_REQUEST_LENGTH = 32;

    private final ServerConnection c;
    private final ServerTls.Loaded tls;
    private final Supplier<SessionHandler> handlerFactory;
    private final byte[] salt = NativePassword.newSalt();
    private HandshakeResponse response;
    /** A COM_CHANGE_USER being authenticated, and the salt its scramble answers. */
    private ChangeUser changing;
    private byte[] changingSalt;
    private Runnable forgetStatements;
    private boolean secure;
    private long loginTimer = -1;

    LoginPhase(ServerConnection connection, ServerTls.Loaded tls, Supplier<SessionHandler> handlerFactory) {
        this.c = connection;
        this.tls = tls;
        this.handlerFactory = handlerFactory;
    }

    /** The handshake, unless the client's address is blocked; the login timer starts. */
    void begin() {
        Duration blocked = c.gate.throttle().blockedFor(c.clientHost);
        if (!blocked.isZero()) {
            c.refuseBeforeHandshake(hostBlocked(blocked));
            return;
        }
        ServerConfig config = c.config;
        loginTimer = c.context.owner().setTimer(config.limits().loginTimeout().toMillis(), id -> {
            loginTimer = -1;
            if (c.state.compareTo(ServerConnection.State.CONNECTING) < 0) {
                LOG.fine(() -> "connection " + c.connectionId + ": no login within " + config.limits().loginTimeout());
                c.closeSilently();
            }
        });
        Handshake hs = new Handshake(config.serverVersion(), c.connectionId, salt, config.offeredCapabilities(), ColumnDefinition.UTF8MB4_COLLATION,
                ServerStatus.SERVER_STATUS_AUTOCOMMIT, NativePassword.PLUGIN);
        c.write(0, hs.encode());
    }

    void cancelTimer() {
        if (loginTimer >= 0) {
            c.context.owner().cancelTimer(loginTimer);
            loginTimer = -1;
        }
    }

    private MysqlError hostBlocked(Duration blocked) {
        long seconds = Math.max(1, (blocked.toMillis() + 999) / 1000);
        return new MysqlError(MysqlError.ER_HOST_IS_BLOCKED, MysqlError.SQLSTATE_GENERAL, "Host '" + c.clientHost
                + "' is blocked for " + seconds + " s after too many failed logins; try again later");
    }

    /** Protocol::HandshakeResponse, or the SSLRequest that comes before it over TLS. */
    void handshakeResponse(int seq, Buffer payload) {
        if (isSslRequest(payload)) {
            startTls(seq, payload);
        } else {
            onHandshakeResponse(seq, payload);
        }
    }

    private boolean isSslRequest(Buffer payload) {
        return !secure && payload.length() == SSL_REQUEST_LENGTH
                && CapabilityFlags.has(payload.getIntLE(0), CapabilityFlags.CLIENT_SSL);
    }

    /**
     * Protocol::SSLRequest: from here the client speaks TLS. The TLS handler goes in front of the
     * socket's pipeline now, before the next read; bytes of the client's hello that came in the same
     * read as the request are handed to it, not to the framer.
     */
    private void startTls(int seq, Buffer payload) {
        if (tls == null) {
            throw new MalformedPacketException("the client asked for TLS, which this server does not offer");
        }
        c.state = ServerConnection.State.TLS_HANDSHAKE;
        c.nextSeq = (seq + 1) & 0xff;
        c.framer.pause();
        tls.upgrade(c.socket, c.framer.takeRemaining(), c.config.limits().loginTimeout().toMillis(), ok -> c.context.runOnContext(v -> {
            if (c.state != ServerConnection.State.TLS_HANDSHAKE) {
                return;
            }
            if (!ok) {
                c.closeSilently();
                return;
            }
            secure = true;
            c.state = ServerConnection.State.AWAIT_HANDSHAKE_RESPONSE;
            c.framer.resume();
            c.updateReading();
        }));
    }

    private void onHandshakeResponse(int seq, Buffer payload) {
        ServerConfig config = c.config;
        response = HandshakeResponse.decode(payload);
        c.clientCapabilities = response.capabilities() & config.offeredCapabilities();
        c.nextSeq = (seq + 1) & 0xff;
        if (config.tls() != null && config.tls().required() && !secure) {
            c.closeWith(new MysqlError(MysqlError.ER_SECURE_TRANSPORT_REQUIRED, MysqlError.SQLSTATE_GENERAL,
                    "Connections using insecure transport are prohibited while --require_secure_transport=ON."));
            return;
        }
        if (config.authenticator() instanceof Authenticator.None) {
            authenticated();
            return;
        }
        boolean nativeScramble = response.authPlugin() == null || NativePassword.PLUGIN.equals(response.authPlugin());
        if (!nativeScramble) {
            // ask the client to use mysql_native_password (AuthSwitchRequest)
            Buffer req = Buffer.buffer().appendByte((byte) 0xfe);
            PayloadWriter.nulString(req, NativePassword.PLUGIN);
            req.appendBytes(salt).appendByte((byte) 0);
            c.state = ServerConnection.State.AWAIT_AUTH_SWITCH;
            c.write(c.nextSeq, req);
            return;
        }
        checkScramble(response.authResponse());
    }

    void authSwitchResponse(int seq, Buffer payload) {
        c.nextSeq = (seq + 1) & 0xff;
        checkScramble(payload.getBytes());
    }

    private void checkScramble(byte[] scramble) {
        Duration blocked = c.gate.throttle().blockedFor(c.clientHost);
        if (!blocked.isZero()) {
            // not even checked: a blocked address learns nothing from its guesses
            c.closeWith(hostBlocked(blocked));
        } else if (c.config.authenticator().accepts(response.user(), salt, scramble)) {
            c.gate.throttle().succeeded(c.clientHost);
            authenticated();
        } else {
            c.gate.throttle().failed(c.clientHost);
            c.closeWith(MysqlError.accessDenied(response.user()));
        }
    }

    private void authenticated() {
        c.state = ServerConnection.State.CONNECTING;
        cancelTimer();
        c.framer.maxPacketSize(c.config.maxPacketSize());
        c.framer.reserveAbove(ConnectionLimits.SMALL_PACKET_BYTES);
        c.framer.pause();
        c.multiStatements = c.clientHas(CapabilityFlags.CLIENT_MULTI_STATEMENTS);
        c.waitTimeout = new WaitTimeout(c.config.limits().idleTimeout().toSeconds());
        c.waitTimeout.onChange(c::armIdleTimer);
        Session session = new Session(c.connectionId, response.user(), response.database(), c.clientCapabilities, remote(),
                secure, c.waitTimeout, response.characterSet());
        try {
            SessionHandler handler = handlerFactory.get();
            c.handler = handler;
            handler.disconnector(() -> c.context.runOnContext(v -> c.closeSilently()));
            handler.connected(session).onComplete(ar -> {
                if (c.state == ServerConnection.State.CLOSED) {
                    return;
                }
                if (ar.succeeded()) {
                    c.write(c.nextSeq, loginOk());
                    c.becomeReady();
                    c.armIdleTimer();
                } else {
                    c.closeWith(MysqlException.toError(ar.cause()));
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session handler failed to start", e);
            c.closeWith(MysqlException.toError(e));
        }
    }

    private String remote() {
        return c.socket.remoteAddress() == null ? "" : c.socket.remoteAddress().toString();
    }

    /** COM_CHANGE_USER's fields (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_change_user.html). */
    private record ChangeUser(String user, byte[] authResponse, String database, int characterSet, String authPlugin) {
        static ChangeUser decode(Buffer payload, int capabilities) {
            PayloadReader r = new PayloadReader(payload, 1);
            String user = r.nulString();
            byte[] auth = CapabilityFlags.has(capabilities, CapabilityFlags.CLIENT_SECURE_CONNECTION) ? r.bytes(r.u8()) : r.nulBytes();
            String db = r.hasRemaining() ? r.nulString() : "";
            int charset = r.remaining() >= 2 ? r.u16() : 0;
            String plugin = CapabilityFlags.has(capabilities, CapabilityFlags.CLIENT_PLUGIN_AUTH) && r.hasRemaining() ? r.nulString() : null;
            // connection attributes, if any, are not needed
            return new ChangeUser(user, auth == null ? new byte[0] : auth, db.isEmpty() ? null : db, charset, plugin);
        }
    }

    /**
     * COM_CHANGE_USER: another user logs in on this connection, as at the handshake: the scramble is checked
     * against the handshake's salt, or, when the client answered with another plugin than mysql_native_password,
     * against a new salt of an AuthSwitchRequest. A wrong password is refused with 1045 and the connection closed,
     * as MySQL does; the failure counts for the client's address as a failed login. On success the session is
     * reset and goes on as the new user ({@link SessionHandler#changeUser}).
     */
    void changeUser(int seq, Buffer payload, Runnable forgetStatements) {
        changing = ChangeUser.decode(payload, c.clientCapabilities);
        this.forgetStatements = forgetStatements;
        c.busy();
        c.nextSeq = (seq + 1) & 0xff;
        if (c.config.authenticator() instanceof Authenticator.None) {
            changedUser();
            return;
        }
        if (changing.authPlugin() != null && !NativePassword.PLUGIN.equals(changing.authPlugin())) {
            changingSalt = NativePassword.newSalt();
            Buffer req = Buffer.buffer().appendByte((byte) 0xfe);
            PayloadWriter.nulString(req, NativePassword.PLUGIN);
            req.appendBytes(changingSalt).appendByte((byte) 0);
            c.write(c.nextSeq, req);
            c.state = ServerConnection.State.AWAIT_CHANGE_USER_AUTH;
            c.framer.resume();
            c.updateReading();
            return;
        }
        changingSalt = salt;
        checkChangeUser(changing.authResponse());
    }

    /** The client's answer to the AuthSwitchRequest of a COM_CHANGE_USER. */
    void changeUserAuthResponse(int seq, Buffer payload) {
        c.busy();
        c.nextSeq = (seq + 1) & 0xff;
        checkChangeUser(payload.getBytes());
    }

    private void checkChangeUser(byte[] scramble) {
        Duration blocked = c.gate.throttle().blockedFor(c.clientHost);
        if (!blocked.isZero()) {
            c.closeWith(hostBlocked(blocked));
        } else if (c.config.authenticator().accepts(changing.user(), changingSalt, scramble)) {
            c.gate.throttle().succeeded(c.clientHost);
            changedUser();
        } else {
            c.gate.throttle().failed(c.clientHost);
            c.closeWith(new MysqlError(MysqlError.ER_ACCESS_DENIED_ERROR, MysqlError.SQLSTATE_ACCESS_DENIED, "Access denied for user '"
                    + changing.user() + "'@'" + c.clientHost + "' (using password: " + (scramble.length > 0 ? "YES" : "NO") + ")"));
        }
    }

    private void changedUser() {
        ChangeUser next = changing;
        changing = null;
        changingSalt = null;
        forgetStatements.run();
        int charset = next.characterSet() != 0 ? next.characterSet() : response.characterSet();
        Session session = new Session(c.connectionId, next.user(), next.database(), c.clientCapabilities, remote(), secure,
                c.waitTimeout, charset);
        Future<Void> changed;
        try {
            changed = c.handler.changeUser(session);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session handler failed to change user", e);
            changed = Future.failedFuture(e);
        }
        changed.onComplete(ar -> {
            if (c.state == ServerConnection.State.CLOSED) {
                return;
            }
            if (ar.succeeded()) {
                c.write(c.nextSeq, new OkPacket(0, 0, c.handler.serverStatus(), 0, "").encode());
                c.becomeReady();
            } else {
                c.closeWith(MysqlException.toError(ar.cause()));
            }
        });
    }

    /** The OK that ends a login; over TLS with MariaDB's proof of the certificate (see {@link ServerTls.Loaded#loginProof}). */
    private Buffer loginOk() {
        byte[] stored = secure ? c.config.authenticator().storedHash(response.user()) : null;
        if (stored == null) {
            return OkPacket.EMPTY.encode();
        }
        byte[] info = tls.loginProof(stored, salt);
        // as MySQL and MariaDB write it: the info text with its length in front
        Buffer ok = Buffer.buffer(16 + info.length).appendByte((byte) Packets.OK_HEADER).appendByte((byte) 0).appendByte((byte) 0)
                .appendUnsignedShortLE(ServerStatus.SERVER_STATUS_AUTOCOMMIT).appendUnsignedShortLE(0);
        return PayloadWriter.lenencBytes(ok, info);
    }
}
