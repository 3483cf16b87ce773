package io.shardops.dataplane.mysql;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client side of the protocol: one connection to a MySQL server (MariaDB or a shardops
 * tablet), authenticated with mysql_native_password, running one command at a time. Commands
 * issued while one runs wait in order. A response is either streamed raw into a {@link ResultSink}
 * ({@link #forward}) or decoded ({@link #query}).
 *
 * <p>All calls must come from the event loop the connection was made on.
 */
public final class BackendConnection implements QueryConnection {
    private final NetSocket socket;
    private final BackendEndpoint endpoint;
    private final Handshake handshake;
    private final PacketFramer framer;
    private final ArrayDeque<BackendRequest> queue = new ArrayDeque<>();
    private BackendRequest active;
    private boolean closed;
    private int lastStatus;
    private Object settings;
    /** For a connection of its own to kill this one's statement; null when made without one. */
    private NetClient client;
    /** Statements prepared on this connection, by their text; a bound keeps a client's statement churn from piling up on the server. */
    static final int STATEMENTS_KEPT = 256;
    private final ServerStatements statements = new ServerStatements();

    private BackendConnection(NetSocket socket, BackendEndpoint endpoint, Handshake handshake, int maxPacketSize) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.handshake = handshake;
        this.framer = new PacketFramer(maxPacketSize, new PacketFramer.Listener() {
            @Override
            public void packet(int sequenceId, Buffer payload) {
                onPacket(payload);
            }

            @Override
            public void endOfChunk() {
                onEndOfChunk();
            }

            @Override
            public void malformed(String reason) {
                fail("backend " + endpoint + " sent a malformed packet: " + reason);
            }
        });
    }

    /**
     * Connects and authenticates; fails with a {@link MysqlException} carrying the server's error.
     * Call it on an event loop (off one, {@link #connect(Vertx, NetClient, BackendEndpoint)}): the
     * socket's handler must be in place before its first read, and only a caller on the socket's own
     * event loop attaches it in time. From another thread the server's handshake could be read
     * before the handler was set; Vert.x drops such bytes, and the login waited forever.
     */
    public static Future<BackendConnection> connect(NetClient client, BackendEndpoint endpoint) {
        if (!onEventLoop()) {
            return Future.failedFuture(new IllegalStateException("BackendConnection.connect to " + endpoint
                    + " called off an event loop; use connect(vertx, client, endpoint)"));
        }
        Future<NetSocket> connected = endpoint.unixSocket() == null ? client.connect(endpoint.port(), endpoint.host())
                : client.connect(SocketAddress.domainSocketAddress(endpoint.unixSocket()))
                        .recover(t -> client.connect(endpoint.port(), endpoint.host()));  // e.g. no native transport
        return connected
                .recover(t -> Future.failedFuture(new MysqlError(2003, "HY000",
                        "cannot connect to " + endpoint.host() + ":" + endpoint.port() + ": " + t.getMessage()).exception()))
                .compose(socket -> new BackendLogin(socket, endpoint).run())
                .map(c -> {
                    c.client = client;
                    return c;
                });
    }

    /**
     * {@link #connect(NetClient, BackendEndpoint)} from any thread: it runs on an event loop of
     * {@code vertx}, and callbacks on the returned future run there too, so they may use the connection.
     */
    public static Future<BackendConnection> connect(Vertx vertx, NetClient client, BackendEndpoint endpoint) {
        if (onEventLoop()) {
            return connect(client, endpoint);
        }
        ContextInternal loop = ((VertxInternal) vertx).createEventLoopContext();
        Promise<BackendConnection> result = loop.promise();
        loop.runOnContext(v -> connect(client, endpoint).onComplete(result));
        return result.future();
    }

    private static boolean onEventLoop() {
        Context context = Vertx.currentContext();
        return context != null && context.isEventLoopContext();
    }

    @Override
    public Object settings() {
        return settings;
    }

    @Override
    public void settings(Object settings) {
        this.settings = settings;
    }

    /** Runs {@code KILL [QUERY] thread-id} on a new connection to the same server with the same account. */
    @Override
    public Future<Void> kill(boolean queryOnly) {
        if (client == null) {
            return Future.failedFuture(MysqlError.unknown("connection to " + endpoint + " cannot be killed").exception());
        }
        String sql = (queryOnly ? "KILL QUERY " : "KILL CONNECTION ") + connectionId();
        return connect(client, endpoint.withDatabase(null)).compose(k -> k.execute(sql).eventually(() -> {
            k.close();
            return Future.succeededFuture();
        })).mapEmpty();
    }

    public BackendEndpoint endpoint() {
        return endpoint;
    }

    public String serverVersion() {
        return handshake.serverVersion();
    }

    public long connectionId() {
        return handshake.connectionId();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean inTransaction() {
        return (lastStatus & ServerStatus.SERVER_STATUS_IN_TRANS) != 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Buffer quit = Buffer.buffer(1).appendByte((byte) Commands.COM_QUIT);
            Buffer out = Buffer.buffer(5);
            PacketFramer.frame(out, 0, quit);
            socket.write(out);
            socket.close();
            failAll("connection closed");
        }
    }

    // ---- commands ----

    /** COM_QUERY of statement text (see {@link StatementText}): its bytes exactly as the client sent them. */
    public static Buffer comQuery(String sql) {
        byte[] b = StatementText.bytes(sql);
        return Buffer.buffer(b.length + 1).appendByte((byte) Commands.COM_QUERY).appendBytes(b);
    }

    /**
     * Sends a command and streams its response packets into {@code sink}, flushing per network read
     * and pausing while the client is slow. The returned Future completes when the response has been
     * read to its end (whether or not the client is still there), so the connection can be reused.
     */
    public Future<Void> forward(Buffer commandPayload, ResponseTracker.Shape shape, ResultSink sink) {
        BackendRequest r = new BackendRequest(commandPayload, new ResponseTracker(shape), sink, null);
        enqueue(r);
        return r.done.future();
    }

    @Override
    public Future<Void> forwardQuery(String sql, ResultSink sink) {
        return forward(comQuery(sql), ResponseTracker.Shape.QUERY, sink);
    }

    @Override
    public Future<List<QueryResponse>> query(String sql) {
        ResponseDecoder d = new ResponseDecoder();
        BackendRequest r = new BackendRequest(comQuery(sql), new ResponseTracker(ResponseTracker.Shape.QUERY), null, d::accept);
        enqueue(r);
        return r.done.future().compose(v -> d.error() != null ? Future.failedFuture(d.error().exception())
                : Future.succeededFuture(d.results()));
    }

    /** The result columns a statement will have, from the server's own COM_STMT_PREPARE (kept for executions). */
    @Override
    public Future<List<ColumnDefinition>> describe(String sql) {
        return prepared(sql).map(ServerStatement::columns);
    }

    /**
     * Executes {@code execution} as a statement prepared on this connection (prepared on first use),
     * streaming the server's binary result into {@code sink}. A statement the server refuses to
     * prepare is answered with its error; the Future then still succeeds, the connection is reusable.
     */
    @Override
    public Future<Void> forwardExecute(StatementExecution execution, ResultSink sink) {
        ServerStatement known = statements.get(execution.sql());
        if (known != null) {
            return execute(known, execution, sink);
        }
        return prepared(execution.sql()).transform(ar -> {
            if (ar.succeeded()) {
                return execute(ar.result(), execution, sink);
            }
            sink.fail(ar.cause());
            return closed ? Future.failedFuture(ar.cause()) : Future.succeededFuture();
        });
    }

    private Future<Void> execute(ServerStatement statement, StatementExecution execution, ResultSink sink) {
        if (statement.paramCount() != execution.paramCount()) {
            sink.error(MysqlError.unknown("prepared statement has " + execution.paramCount() + " parameters, but "
                    + statement.paramCount() + " on " + endpoint + ": " + execution.sql()));
            return Future.succeededFuture();
        }
        Buffer params = execution.params();
        Buffer command = Buffer.buffer(5 + params.length()).appendByte((byte) Commands.COM_STMT_EXECUTE)
                .appendUnsignedIntLE(statement.id()).appendBuffer(params);
        sink.forwardBinaryRows();
        return forward(command, ResponseTracker.Shape.QUERY, sink);
    }

    /** The server's statement for {@code sql} on this connection, prepared once. */
    private Future<ServerStatement> prepared(String sql) {
        ServerStatement known = statements.get(sql);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        PrepareResponse d = new PrepareResponse();
        byte[] b = StatementText.bytes(sql);
        BackendRequest r = new BackendRequest(Buffer.buffer(b.length + 1).appendByte((byte) Commands.COM_STMT_PREPARE).appendBytes(b),
                new ResponseTracker(ResponseTracker.Shape.PREPARE), null, d::accept);
        enqueue(r);
        return r.done.future().compose(v -> {
            if (d.error() != null) {
                return Future.failedFuture(d.error().exception());
            }
            ServerStatement s = new ServerStatement(d.statementId(), d.paramCount(), d.columns());
            statements.put(sql, s);
            return Future.succeededFuture(s);
        });
    }

    /** A statement prepared on the server over this connection; it lives as long as the connection. */
    private record ServerStatement(long id, int paramCount, List<ColumnDefinition> columns) {}

    /** The statements kept prepared, least recently executed first; one past the bound is closed on the server. */
    private final class ServerStatements extends LinkedHashMap<String, ServerStatement> {
        ServerStatements() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ServerStatement> eldest) {
            if (size() <= STATEMENTS_KEPT) {
                return false;
            }
            if (!closed) {
                // COM_STMT_CLOSE has no response, so it may go out between other commands
                Buffer close = Buffer.buffer(5).appendByte((byte) Commands.COM_STMT_CLOSE).appendUnsignedIntLE(eldest.getValue().id());
                Buffer out = Buffer.buffer(9);
                PacketFramer.frame(out, 0, close);
                socket.write(out);
            }
            return true;
        }
    }

    public Future<Void> initDb(String database) {
        byte[] b = database.getBytes(StandardCharsets.UTF_8);
        ResponseDecoder d = new ResponseDecoder();
        BackendRequest r = new BackendRequest(Buffer.buffer().appendByte((byte) Commands.COM_INIT_DB).appendBytes(b),
                new ResponseTracker(ResponseTracker.Shape.SIMPLE), null, d::accept);
        enqueue(r);
        return r.done.future().compose(v -> d.error() != null ? Future.failedFuture(d.error().exception()) : Future.succeededFuture());
    }

    private void enqueue(BackendRequest r) {
        if (closed) {
            r.failBeforeStart("connection to " + endpoint + " is closed");
            return;
        }
        queue.add(r);
        if (active == null) {
            startNext();
        }
    }

    private void startNext() {
        active = queue.poll();
        if (active != null) {
            Buffer out = Buffer.buffer(active.command.length() + 4);
            PacketFramer.frame(out, 0, active.command);
            socket.write(out);
        }
    }

    private void onPacket(Buffer payload) {
        BackendRequest r = active;
        if (r == null) {
            fail("backend " + endpoint + " sent a packet nobody asked for");
            return;
        }
        ResponseTracker.Kind kind;
        try {
            kind = r.tracker.next(payload);
        } catch (MalformedPacketException e) {
            fail("backend " + endpoint + ": " + e.getMessage());
            return;
        }
        if (r.sink != null) {
            r.started = true;
            r.sink.forwardPacket(payload);
        } else {
            r.decoder.accept(kind, payload);
        }
        if (r.tracker.done()) {
            lastStatus = r.tracker.lastStatus();
            if (r.sink != null) {
                r.sink.forwardEnd();
            }
            active = null;
            r.done.complete();  // its callbacks may already have sent the next queued command
            if (!closed && active == null) {
                startNext();
            }
        }
    }

    private void onEndOfChunk() {
        BackendRequest r = active;
        if (r != null && r.sink != null) {
            r.sink.forwardFlush();
            if (r.sink.writeQueueFull()) {
                socket.pause();
                r.sink.drainHandler(socket::resume);
            }
        }
    }

    @Override
    public void abort(String reason) {
        fail(reason);  // no COM_QUIT: the server may be unreachable, and nothing more is owed to it
    }

    private void fail(String reason) {
        if (!closed) {
            closed = true;
            socket.close();
        }
        failAll(reason);
    }

    private void failAll(String reason) {
        BackendRequest r = active;
        active = null;
        if (r != null) {
            r.failMidway(reason);
        }
        while (!queue.isEmpty()) {
            queue.poll().failBeforeStart(reason);
        }
    }

    /** A connection whose login just succeeded on {@code socket}: from now on it reads the socket. */
    static BackendConnection loggedIn(NetSocket socket, BackendEndpoint endpoint, Handshake handshake) {
        BackendConnection c = new BackendConnection(socket, endpoint, handshake, 1 << 30);
        c.attach();
        return c;
    }

    private void attach() {
        socket.handler(framer);
        socket.closeHandler(v -> {
            closed = true;
            failAll("lost connection to backend " + endpoint);
        });
        socket.exceptionHandler(t -> fail("backend " + endpoint + ": " + t.getMessage()));
    }
}
