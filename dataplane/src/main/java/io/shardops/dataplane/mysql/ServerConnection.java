package io.shardops.dataplane.mysql;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection on the server side: handshake (with a TLS upgrade when the client asks),
 * authentication, then one command at a time. Packets a client pipelines while a command runs wait
 * in the framer; a client that floods is paused at the socket. Before login a client may send only
 * handshake-sized packets and has {@link ConnectionLimits#loginTimeout()} to log in; after login an
 * idle session is closed after its {@link WaitTimeout}. A packet being assembled holds a share of
 * the server's {@link PacketBudget}. A malformed packet or a failing handler ends this connection only.
 */
final class ServerConnection implements PacketFramer.Listener {
    private static final Logger LOG = Logger.getLogger(ServerConnection.class.getName());
    /** Pipelined bytes a logged-in client may have waiting before its socket stops being read. */
    private static final int PAUSE_SOCKET_ABOVE = 256 * 1024;
    /** Protocol::SSLRequest: capabilities, max packet, character set, 23 zero bytes. */
    private static final int SSL_REQUEST_LENGTH = 32;

    private enum State { AWAIT_HANDSHAKE_RESPONSE, TLS_HANDSHAKE, AWAIT_AUTH_SWITCH, CONNECTING, READY, BUSY, AWAIT_LOCAL_INFILE, CLOSED }

    private final NetSocket socket;
    private final Context context;
    private final ServerConfig config;
    private final ConnectionGate gate;
    private final ServerTls.Loaded tls;
    private final Supplier<SessionHandler> handlerFactory;
    private final long connectionId;
    private final byte[] salt = NativePassword.newSalt();
    private final PacketFramer framer;
    private final Map<Long, PreparedStatement> statements = new HashMap<>();
    private final String clientHost;
    private SessionHandler handler;
    private State state = State.AWAIT_HANDSHAKE_RESPONSE;
    private HandshakeResponse response;
    private int clientCapabilities;
    private long nextStatementId = 1;
    private int nextSeq;
    private boolean socketPaused;
    private boolean admitted;
    private boolean secure;
    private PacketBudget.Wait budgetWait;
    private long loginTimer = -1;
    private long idleTimer = -1;
    private long lastActivityNanos;
    private WaitTimeout waitTimeout;
    private CommandSink current;

    ServerConnection(NetSocket socket, Context context, ServerConfig config, ConnectionGate gate, ServerTls.Loaded tls,
                     long connectionId, Supplier<SessionHandler> handlerFactory) {
        this.socket = socket;
        this.context = context;
        this.config = config;
        this.gate = gate;
        this.tls = tls;
        this.connectionId = connectionId;
        this.handlerFactory = handlerFactory;
        this.framer = new PacketFramer(config.limits().maxPacketBeforeLogin(), this);
        SocketAddress remote = socket.remoteAddress();
        this.clientHost = remote == null ? "" : remote.hostAddress() == null ? remote.toString() : remote.hostAddress();
    }

    void start() {
        socket.handler(chunk -> {
            try {
                framer.handle(chunk);
                updateReading();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection " + connectionId + ": closing after an internal error", e);
                closeWith(MysqlError.unknown("internal error: " + e));
            }
        });
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> socket.close());
        if (!gate.admit()) {
            // as MySQL: the error instead of the handshake, then close
            refuseBeforeHandshake(new MysqlError(MysqlError.ER_CON_COUNT_ERROR, "08004", "Too many connections"));
            return;
        }
        admitted = true;
        java.time.Duration blocked = gate.throttle().blockedFor(clientHost);
        if (!blocked.isZero()) {
            refuseBeforeHandshake(hostBlocked(blocked));
            return;
        }
        loginTimer = context.owner().setTimer(config.limits().loginTimeout().toMillis(), id -> {
            loginTimer = -1;
            if (state.compareTo(State.CONNECTING) < 0) {
                LOG.fine(() -> "connection " + connectionId + ": no login within " + config.limits().loginTimeout());
                closeSilently();
            }
        });
        Handshake hs = new Handshake(config.serverVersion(), connectionId, salt, config.offeredCapabilities(), ColumnDefinition.UTF8MB4_COLLATION,
                ServerStatus.SERVER_STATUS_AUTOCOMMIT, NativePassword.PLUGIN);
        write(0, hs.encode());
    }

    private MysqlError hostBlocked(java.time.Duration blocked) {
        long seconds = Math.max(1, (blocked.toMillis() + 999) / 1000);
        return new MysqlError(MysqlError.ER_HOST_IS_BLOCKED, MysqlError.SQLSTATE_GENERAL, "Host '" + clientHost
                + "' is blocked for " + seconds + " s after too many failed logins; try again later");
    }

    private void refuseBeforeHandshake(MysqlError error) {
        write(0, Packets.err(error));
        socket.close();
        onClosed();
    }

    /** Reads from the socket unless the packet budget is spent for us or too many commands wait. */
    private void updateReading() {
        int pipelined = state.compareTo(State.CONNECTING) < 0 ? config.limits().maxPacketBeforeLogin() : PAUSE_SOCKET_ABOVE;
        boolean pause = budgetWait != null || (framer.isPaused() && framer.buffered() > pipelined);
        if (pause != socketPaused && state != State.CLOSED) {
            socketPaused = pause;
            if (pause) {
                socket.pause();
            } else {
                socket.resume();
            }
        }
    }

    private void write(int seq, Buffer payload) {
        Buffer out = Buffer.buffer(payload.length() + PacketFramer.HEADER_SIZE);
        nextSeq = PacketFramer.frame(out, seq, payload);
        socket.write(out);
    }

    @Override
    public void malformed(String reason) {
        closeWith(new MysqlError(MysqlError.ER_NET_PACKET_TOO_LARGE, MysqlError.SQLSTATE_CONNECTION, reason));
    }

    @Override
    public boolean reserve(int bytes) {
        PacketBudget.Wait wait = gate.budget().reserve(bytes, context, () -> granted(bytes));
        if (wait == null) {
            return true;
        }
        if (framer.holdsPartial()) {
            // waiting while holding part of a split packet could deadlock with others doing the same
            wait.cancel();
            closeWith(new MysqlError(MysqlError.ER_NET_PACKET_TOO_LARGE, MysqlError.SQLSTATE_CONNECTION,
                    "the server's memory for packets in flight is used up; send the statement again later"));
            return false;
        }
        budgetWait = wait;
        updateReading();
        return false;
    }

    private void granted(int bytes) {
        budgetWait = null;
        if (state == State.CLOSED) {
            gate.budget().release(bytes);
            return;
        }
        framer.granted(bytes);
        updateReading();
    }

    @Override
    public void release(long bytes) {
        gate.budget().release(bytes);
    }

    private void closeWith(MysqlError error) {
        if (state != State.CLOSED) {
            if (state != State.TLS_HANDSHAKE) {
                write(nextSeq, Packets.err(error));
            }
            socket.close();
            onClosed();
        }
    }

    private void closeSilently() {
        if (state != State.CLOSED) {
            socket.close();
            onClosed();
        }
    }

    private void onClosed() {
        if (state == State.CLOSED) {
            return;
        }
        boolean hadHandler = handler != null;
        state = State.CLOSED;
        gate.budget().release(framer.close());
        if (budgetWait != null) {
            budgetWait.cancel();
            budgetWait = null;
        }
        cancelTimers();
        if (admitted) {
            admitted = false;
            gate.left();
        }
        if (current != null) {
            current.clientGone();
        }
        if (hadHandler) {
            try {
                handler.closed();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session handler failed on close", e);
            }
        }
    }

    private void cancelTimers() {
        if (loginTimer >= 0) {
            context.owner().cancelTimer(loginTimer);
            loginTimer = -1;
        }
        if (idleTimer >= 0) {
            context.owner().cancelTimer(idleTimer);
            idleTimer = -1;
        }
    }

    @Override
    public void packet(int seq, Buffer payload) {
        try {
            switch (state) {
                case AWAIT_HANDSHAKE_RESPONSE -> {
                    if (isSslRequest(payload)) {
                        startTls(seq, payload);
                    } else {
                        onHandshakeResponse(seq, payload);
                    }
                }
                case AWAIT_AUTH_SWITCH -> onAuthSwitchResponse(seq, payload);
                case READY -> {
                    lastActivityNanos = System.nanoTime();
                    onCommand(seq, payload);
                }
                case AWAIT_LOCAL_INFILE -> {
                    lastActivityNanos = System.nanoTime();
                    current.infileData(seq, payload);
                }
                case TLS_HANDSHAKE, CONNECTING, BUSY -> throw new MalformedPacketException("packet while a command is running");
                case CLOSED -> { }
            }
        } catch (MalformedPacketException e) {
            closeWith(new MysqlError(MysqlError.ER_MALFORMED_PACKET, MysqlError.SQLSTATE_CONNECTION, "malformed packet: " + e.getMessage()));
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
        state = State.TLS_HANDSHAKE;
        nextSeq = (seq + 1) & 0xff;
        framer.pause();
        tls.upgrade(socket, framer.takeRemaining(), config.limits().loginTimeout().toMillis(), ok -> context.runOnContext(v -> {
            if (state != State.TLS_HANDSHAKE) {
                return;
            }
            if (!ok) {
                closeSilently();
                return;
            }
            secure = true;
            state = State.AWAIT_HANDSHAKE_RESPONSE;
            framer.resume();
            updateReading();
        }));
    }

    private void onHandshakeResponse(int seq, Buffer payload) {
        response = HandshakeResponse.decode(payload);
        clientCapabilities = response.capabilities() & config.offeredCapabilities();
        nextSeq = (seq + 1) & 0xff;
        if (config.tls() != null && config.tls().required() && !secure) {
            closeWith(new MysqlError(MysqlError.ER_SECURE_TRANSPORT_REQUIRED, MysqlError.SQLSTATE_GENERAL,
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
            state = State.AWAIT_AUTH_SWITCH;
            write(nextSeq, req);
            return;
        }
        checkScramble(response.authResponse());
    }

    private void onAuthSwitchResponse(int seq, Buffer payload) {
        nextSeq = (seq + 1) & 0xff;
        checkScramble(payload.getBytes());
    }

    private void checkScramble(byte[] scramble) {
        java.time.Duration blocked = gate.throttle().blockedFor(clientHost);
        if (!blocked.isZero()) {
            // not even checked: a blocked address learns nothing from its guesses
            closeWith(hostBlocked(blocked));
        } else if (config.authenticator().accepts(response.user(), salt, scramble)) {
            gate.throttle().succeeded(clientHost);
            authenticated();
        } else {
            gate.throttle().failed(clientHost);
            closeWith(MysqlError.accessDenied(response.user()));
        }
    }

    private void authenticated() {
        state = State.CONNECTING;
        if (loginTimer >= 0) {
            context.owner().cancelTimer(loginTimer);
            loginTimer = -1;
        }
        framer.maxPacketSize(config.maxPacketSize());
        framer.pause();
        String remote = socket.remoteAddress() == null ? "" : socket.remoteAddress().toString();
        waitTimeout = new WaitTimeout(config.limits().idleTimeout().toSeconds());
        waitTimeout.onChange(this::armIdleTimer);
        Session session = new Session(connectionId, response.user(), response.database(), clientCapabilities, remote,
                secure, waitTimeout, response.characterSet());
        try {
            handler = handlerFactory.get();
            handler.disconnector(() -> context.runOnContext(v -> {
                if (state != State.CLOSED) {
                    socket.close();
                    onClosed();
                }
            }));
            handler.connected(session).onComplete(ar -> {
                if (state == State.CLOSED) {
                    return;
                }
                if (ar.succeeded()) {
                    write(nextSeq, loginOk());
                    becomeReady();
                    armIdleTimer();
                } else {
                    closeWith(MysqlException.toError(ar.cause()));
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session handler failed to start", e);
            closeWith(MysqlException.toError(e));
        }
    }

    /** The OK that ends a login; over TLS with MariaDB's proof of the certificate (see {@link ServerTls.Loaded#loginProof}). */
    private Buffer loginOk() {
        byte[] stored = secure ? config.authenticator().storedHash(response.user()) : null;
        if (stored == null) {
            return OkPacket.EMPTY.encode();
        }
        byte[] info = tls.loginProof(stored, salt);
        // as MySQL and MariaDB write it: the info text with its length in front
        Buffer ok = Buffer.buffer(16 + info.length).appendByte((byte) Packets.OK_HEADER).appendByte((byte) 0).appendByte((byte) 0)
                .appendUnsignedShortLE(ServerStatus.SERVER_STATUS_AUTOCOMMIT).appendUnsignedShortLE(0);
        return PayloadWriter.lenencBytes(ok, info);
    }

    /**
     * One timer per session, not one per command: when it fires it closes the session if it has been
     * idle for its whole wait_timeout, and otherwise sets itself for the time still left.
     */
    private void armIdleTimer() {
        if (state == State.CLOSED) {
            return;
        }
        if (idleTimer >= 0) {
            context.owner().cancelTimer(idleTimer);
        }
        long timeoutNanos = TimeUnit.SECONDS.toNanos(waitTimeout.seconds());
        long left = state == State.READY ? timeoutNanos - (System.nanoTime() - lastActivityNanos) : timeoutNanos;
        idleTimer = context.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), id -> {
            idleTimer = -1;
            if (state == State.READY && System.nanoTime() - lastActivityNanos >= timeoutNanos) {
                LOG.fine(() -> "connection " + connectionId + ": idle for wait_timeout " + waitTimeout.seconds() + " s");
                closeSilently();
            } else {
                armIdleTimer();
            }
        });
    }

    private void becomeReady() {
        state = State.READY;
        current = null;
        lastActivityNanos = System.nanoTime();
        if (framer.buffered() > 0) {
            context.runOnContext(v -> {
                framer.resume();
                updateReading();
            });
        } else {
            framer.resume();
            updateReading();
        }
    }

    private void onCommand(int seq, Buffer payload) {
        if (payload.length() == 0) {
            throw new MalformedPacketException("empty command packet");
        }
        int command = payload.getUnsignedByte(0);
        PayloadReader r = new PayloadReader(payload, 1);
        int respSeq = (seq + 1) & 0xff;
        switch (command) {
            case Commands.COM_QUIT -> {
                socket.close();
                onClosed();
            }
            case Commands.COM_QUERY -> run(respSeq, Mode.TEXT, sink -> handler.query(r.restStatement(), sink));
            case Commands.COM_INIT_DB -> run(respSeq, Mode.TEXT, sink -> handler.initDb(r.restString(), sink));
            case Commands.COM_PING -> run(respSeq, Mode.TEXT, sink -> handler.ping(sink));
            case Commands.COM_FIELD_LIST -> {
                String table = new String(r.nulBytes(), StandardCharsets.UTF_8);
                String wildcard = r.restString();
                run(respSeq, Mode.FIELD_LIST, sink -> handler.fieldList(table, wildcard, sink));
            }
            case Commands.COM_STMT_PREPARE -> prepare(respSeq, r.restStatement());
            case Commands.COM_STMT_EXECUTE -> {
                PreparedStatement ps = statement(r.u32());
                if (ps == null) {
                    run(respSeq, Mode.TEXT, sink -> sink.error(new MysqlError(MysqlError.ER_UNKNOWN_STMT_HANDLER,
                            MysqlError.SQLSTATE_GENERAL, "Unknown prepared statement handler given to mysqld_stmt_execute")));
                    return;
                }
                if (ps.hasLongData()) {
                    String sql = ps.bind(r);  // long data is only ever bound as text
                    run(respSeq, Mode.BINARY, sink -> handler.query(sql, sink));
                } else {
                    Buffer params = ps.executeParams(r);
                    run(respSeq, Mode.BINARY, sink -> handler.execute(ps, params, sink));
                }
            }
            case Commands.COM_STMT_SEND_LONG_DATA -> {
                PreparedStatement ps = statement(r.u32());
                int param = r.u16();
                if (ps != null) {
                    ps.appendLongData(param, payload.slice(r.position(), payload.length()));
                }
            }
            case Commands.COM_STMT_CLOSE -> statements.remove(r.u32());
            case Commands.COM_STMT_RESET -> {
                PreparedStatement ps = statement(r.u32());
                if (ps != null) {
                    ps.reset();
                }
                write(respSeq, OkPacket.EMPTY.encode());
            }
            case Commands.COM_SET_OPTION -> write(respSeq, Packets.eof(0, ServerStatus.SERVER_STATUS_AUTOCOMMIT));
            case Commands.COM_RESET_CONNECTION -> {
                statements.clear();
                run(respSeq, Mode.TEXT, sink -> handler.reset().onComplete(ar -> {
                    if (ar.succeeded()) {
                        sink.ok(OkPacket.EMPTY);
                    } else {
                        sink.fail(ar.cause());
                    }
                }));
            }
            case Commands.COM_STATISTICS -> write(respSeq, Buffer.buffer("Uptime: 0  Threads: 1  Questions: 0"));
            default -> write(respSeq, Packets.err(new MysqlError(MysqlError.ER_UNKNOWN_COM_ERROR, "08S01",
                    "Unknown command " + command)));
        }
    }

    private PreparedStatement statement(long id) {
        return statements.get(id);
    }

    private void prepare(int respSeq, String sql) {
        long id = nextStatementId++;
        PreparedStatement ps = new PreparedStatement(id, sql);
        state = State.BUSY;
        framer.pause();
        handler.describe(sql).onComplete(ar -> {
            if (state == State.CLOSED) {
                return;
            }
            if (ar.failed()) {
                write(respSeq, Packets.err(MysqlException.toError(ar.cause())));
                becomeReady();
                return;
            }
            statements.put(id, ps);
            List<ColumnDefinition> columns = ar.result();
            boolean eofs = !CapabilityFlags.has(clientCapabilities, CapabilityFlags.CLIENT_DEPRECATE_EOF);
            Buffer out = Buffer.buffer();
            Buffer ok = Buffer.buffer(12).appendByte((byte) 0).appendUnsignedIntLE(id)
                    .appendUnsignedShortLE(columns.size()).appendUnsignedShortLE(ps.paramCount())
                    .appendByte((byte) 0).appendUnsignedShortLE(0);
            int seq = PacketFramer.frame(out, respSeq, ok);
            if (ps.paramCount() > 0) {
                ColumnDefinition param = new ColumnDefinition("", "", "", "?", "", ColumnDefinition.BINARY_COLLATION, 0,
                        ColumnType.MYSQL_TYPE_VAR_STRING, 0, 0);
                Buffer encoded = param.encode();
                for (int i = 0; i < ps.paramCount(); i++) {
                    seq = PacketFramer.frame(out, seq, encoded);
                }
                if (eofs) {
                    seq = PacketFramer.frame(out, seq, Packets.eof(0, ServerStatus.SERVER_STATUS_AUTOCOMMIT));
                }
            }
            if (!columns.isEmpty()) {
                for (ColumnDefinition c : columns) {
                    seq = PacketFramer.frame(out, seq, c.encode());
                }
                if (eofs) {
                    seq = PacketFramer.frame(out, seq, Packets.eof(0, ServerStatus.SERVER_STATUS_AUTOCOMMIT));
                }
            }
            nextSeq = seq;
            socket.write(out);
            becomeReady();
        });
    }

    enum Mode { TEXT, BINARY, FIELD_LIST }

    /** A file the client is sending for LOAD DATA LOCAL INFILE, bounded by {@code maxBytes}. */
    private record LocalInfile(io.vertx.core.Promise<Buffer> content, long maxBytes, Buffer data, boolean[] overflow) {
        LocalInfile(io.vertx.core.Promise<Buffer> content, long maxBytes, Buffer data) {
            this(content, maxBytes, data, new boolean[1]);
        }
    }

    private void run(int respSeq, Mode mode, java.util.function.Consumer<ResultSink> body) {
        state = State.BUSY;
        framer.pause();
        CommandSink sink = new CommandSink(respSeq, mode);
        current = sink;
        try {
            body.accept(sink);
        } catch (MalformedPacketException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection " + connectionId + ": handler failed", e);
            if (!sink.done) {
                if (sink.forwarding) {
                    sink.forwardAbort("internal error: " + e);
                } else {
                    sink.fail(e);
                }
            }
        }
    }

    /** Answers one command; converts forwarded text results when the command needs binary rows. */
    private final class CommandSink implements ResultSink {
        private final Mode mode;
        private final boolean deprecateEof = CapabilityFlags.has(clientCapabilities, CapabilityFlags.CLIENT_DEPRECATE_EOF);
        private int seq;
        private boolean done;
        private boolean forwarding;
        private boolean binaryRows;  // a backend's answer to a forwarded COM_STMT_EXECUTE
        private boolean gone;
        private Buffer out;
        private Runnable drain;
        // forwarded-response tracking, for binary conversion and DEPRECATE_EOF
        private int phase; // 0 expect first packet, 1 column definitions, 2 EOF after columns, 3 rows
        private long columnsLeft;
        private List<ColumnDefinition> columns;
        private LocalInfile infile;

        CommandSink(int seq, Mode mode) {
            this.seq = seq;
            this.mode = mode;
        }

        private void append(Buffer payload) {
            if (out == null) {
                out = Buffer.buffer(Math.max(256, payload.length() + 64));
            }
            seq = PacketFramer.frame(out, seq, payload);
        }

        private void flush() {
            if (out != null && out.length() > 0 && !gone) {
                socket.write(out);
            }
            out = null;
        }

        private boolean finish() {
            if (done) {
                return false;
            }
            done = true;
            return true;
        }

        private void complete() {
            flush();
            nextSeq = seq;
            if (!gone && state == State.BUSY) {
                becomeReady();
            }
        }

        @Override
        public void ok(OkPacket ok) {
            if (finish()) {
                append(ok.encode());
                complete();
            }
        }

        @Override
        public void error(MysqlError error) {
            if (finish()) {
                append(Packets.err(error));
                complete();
            }
        }

        @Override
        public void resultSet(ResultSet rs) {
            if (!finish()) {
                return;
            }
            int status = ServerStatus.SERVER_STATUS_AUTOCOMMIT;
            if (mode == Mode.FIELD_LIST) {
                for (ColumnDefinition c : rs.columns()) {
                    append(c.encode());
                }
                append(Packets.eof(0, status));
                complete();
                return;
            }
            append(Packets.columnCount(rs.columns().size()));
            for (ColumnDefinition c : rs.columns()) {
                append(c.encode());
            }
            if (!deprecateEof) {
                append(Packets.eof(0, status));
            }
            for (byte[][] row : rs.rows()) {
                append(mode == Mode.BINARY ? BinaryRows.encode(rs.columns(), row) : Packets.textRow(row));
                if (out.length() > 64 * 1024) {
                    flush();
                }
            }
            append(deprecateEof ? new OkPacket(0, 0, status, rs.warnings(), "").encode(Packets.EOF_HEADER)
                    : Packets.eof(rs.warnings(), status));
            complete();
        }

        @Override
        public void forwardBinaryRows() {
            binaryRows = true;
        }

        /** LOAD DATA LOCAL INFILE: the 0xFB request now; the client's packets until an empty one are the file. */
        @Override
        public io.vertx.core.Future<Buffer> localInfile(String fileName, long maxBytes) {
            if (done || infile != null || !CapabilityFlags.has(clientCapabilities, CapabilityFlags.CLIENT_LOCAL_FILES)) {
                return io.vertx.core.Future.failedFuture(new MysqlError(MysqlError.ER_NOT_ALLOWED_COMMAND, "42000",
                        "LOAD DATA LOCAL INFILE: the client did not enable local infile (mysql --local-infile=1,"
                                + " Connector/J allowLoadLocalInfile=true)").exception());
            }
            infile = new LocalInfile(io.vertx.core.Promise.promise(), maxBytes, Buffer.buffer());
            append(Buffer.buffer(fileName.length() + 1).appendByte((byte) Packets.LOCAL_INFILE_HEADER)
                    .appendBytes(fileName.getBytes(StandardCharsets.UTF_8)));
            flush();
            state = State.AWAIT_LOCAL_INFILE;
            framer.resume();
            return infile.content().future();
        }

        void infileData(int packetSeq, Buffer payload) {
            LocalInfile in = infile;
            if (payload.length() > 0) {
                if (in.data().length() + payload.length() <= in.maxBytes()) {
                    in.data().appendBuffer(payload);
                } else {
                    in.overflow()[0] = true;  // keep reading to the end so the connection stays in step
                }
                return;
            }
            infile = null;
            seq = (packetSeq + 1) & 0xff;
            state = State.BUSY;
            framer.pause();
            if (in.overflow()[0]) {
                in.content().fail(MysqlError.notSupported("unsupported: LOAD DATA LOCAL INFILE of more than " + in.maxBytes()
                        + " bytes through the gateway; split the file").exception());
            } else {
                in.content().complete(in.data());
            }
        }

        @Override
        public void forwardPacket(Buffer payload) {
            if (done) {
                return;
            }
            forwarding = true;
            if (mode == Mode.FIELD_LIST || (!deprecateEof && (mode == Mode.TEXT || binaryRows))) {
                append(payload);
                return;
            }
            convert(payload);
        }

        private void convert(Buffer payload) {
            switch (phase) {
                case 0 -> {
                    if (Packets.isOk(payload) || Packets.isErr(payload)) {
                        append(payload);
                        return;
                    }
                    columnsLeft = new PayloadReader(payload).lenencInt();
                    columns = new ArrayList<>();
                    phase = 1;
                    append(payload);
                }
                case 1 -> {
                    if (!binaryRows) {
                        columns.add(ColumnDefinition.decode(payload));
                    }
                    append(payload);
                    if (--columnsLeft == 0) {
                        phase = 2;
                    }
                }
                case 2 -> {
                    phase = 3;
                    if (!deprecateEof) {
                        append(payload);
                    }
                }
                default -> {
                    if (Packets.isEof(payload)) {
                        int status = Packets.statusFlags(payload);
                        if ((status & ServerStatus.SERVER_MORE_RESULTS_EXISTS) != 0) {
                            phase = 0;
                        }
                        append(deprecateEof ? new OkPacket(0, 0, status, payload.getUnsignedShortLE(1), "").encode(Packets.EOF_HEADER) : payload);
                    } else if (Packets.isErr(payload)) {
                        append(payload);
                    } else if (mode == Mode.BINARY && !binaryRows) {
                        append(BinaryRows.encode(columns, Packets.decodeTextRow(payload, columns.size())));
                    } else {
                        append(payload);
                    }
                }
            }
        }

        @Override
        public void forwardFlush() {
            flush();
        }

        @Override
        public void forwardEnd() {
            if (finish()) {
                complete();
            }
        }

        @Override
        public void forwardAbort(String reason) {
            if (finish()) {
                LOG.info("connection " + connectionId + ": closing, backend failed mid-response: " + reason);
                out = null;
                if (!forwarding) {
                    append(Packets.err(MysqlError.unknown(reason)));
                    flush();
                }
                socket.close();
                onClosed();
            }
        }

        @Override
        public boolean writeQueueFull() {
            return !gone && socket.writeQueueFull();
        }

        @Override
        public void drainHandler(Runnable onDrain) {
            if (gone) {
                onDrain.run();
                return;
            }
            drain = onDrain;
            socket.drainHandler(v -> {
                Runnable d = drain;
                drain = null;
                if (d != null) {
                    d.run();
                }
            });
        }

        @Override
        public boolean clientClosed() {
            return gone;
        }

        void clientGone() {
            gone = true;
            out = null;
            Runnable d = drain;
            drain = null;
            if (d != null) {
                d.run();
            }
        }
    }
}
