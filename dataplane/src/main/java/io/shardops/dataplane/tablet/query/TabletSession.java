package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.SqlLexer;
import io.shardops.dataplane.mysql.BackendConnection;
import io.shardops.dataplane.mysql.BackendPool;
import io.shardops.dataplane.mysql.Commands;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.PreparedStatement;
import io.shardops.dataplane.mysql.ResponseTracker;
import io.shardops.dataplane.mysql.ResultSink;
import io.shardops.dataplane.mysql.Session;
import io.shardops.dataplane.mysql.SessionHandler;
import io.shardops.dataplane.mysql.StatementExecution;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client connection to the tablet's query service. It holds one connection to the tablet's
 * MariaDB for its whole life (taken from the event loop's pool on the first statement), so session
 * settings and transactions behave as on MariaDB itself; each statement is checked against the
 * {@link QueryRules} first and then forwarded, its answer streamed back packet by packet.
 */
final class TabletSession implements SessionHandler {
    private final QueryService service;
    private final BackendPool<BackendConnection> pool;
    private BackendConnection backend;
    private Future<BackendConnection> connecting;
    /** The session changed connection state (SET, USE): its backend connection is not reused by others. */
    private boolean dirty;
    /** What this session's prepared statement and HANDLER names stand for. */
    private final SessionNames names = new SessionNames();
    private int backendGeneration;

    TabletSession(QueryService service, BackendPool<BackendConnection> pool) {
        this.service = service;
        this.pool = pool;
    }

    private long connectionId;
    private Context context;

    @Override
    public Future<Void> connected(Session session) {
        String db = session.database();
        if (db != null && !db.isEmpty() && !service.acceptsDatabase(db)) {
            return Future.failedFuture(MysqlError.badDb(db).exception());
        }
        connectionId = session.connectionId();
        context = Vertx.currentContext();
        if (connectionId != 0) {
            service.register(connectionId, this);
        }
        return Future.succeededFuture();
    }

    private static final Pattern KILL = Pattern.compile(
            "(?is)\\s*kill\\s+(?:(?:hard|soft)\\s+)?(?:(query|connection)\\s+)?(\\d{1,19})\\s*;?\\s*");

    @Override
    public void query(String sql, ResultSink sink) {
        Matcher kill = sql.length() < 64 && startsWithK(sql) ? KILL.matcher(sql) : null;
        if (kill != null && kill.matches()) {
            // KILL names this query service's connection id (a gateway's stopping its statement): the MariaDB
            // thread behind that session is what is killed
            boolean queryOnly = kill.group(1) != null && kill.group(1).equalsIgnoreCase("query");
            Context here = Vertx.currentContext();
            service.kill(Long.parseLong(kill.group(2)), queryOnly).onComplete(ar -> here.runOnContext(v -> {
                if (ar.succeeded()) {
                    sink.ok(OkPacket.EMPTY);
                } else {
                    sink.fail(ar.cause());
                }
            }));
            return;
        }
        ResultSink counted = service.admit(sink);
        checked(service.analyzer().lookup(sql), counted::fail, c -> c.forward(BackendConnection.comQuery(sql), ResponseTracker.Shape.QUERY, counted));
    }

    /** Whether the first non-blank character is a k: the regex runs only for what may be a KILL. */
    private static boolean startsWithK(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == 'k' || c == 'K';
            }
        }
        return false;
    }

    /** COM_STMT_EXECUTE from a client of the query service's own port: passed on as is, as the gateway's are. */
    @Override
    public void execute(PreparedStatement statement, Buffer params, ResultSink sink) {
        execute(new StatementExecution(statement.sql(), statement.paramCount(), params), sink);
    }

    /**
     * A prepared statement's execution, under the same rules as its text: MariaDB prepares it once on
     * this session's connection and answers in binary rows.
     */
    void execute(StatementExecution execution, ResultSink sink) {
        ResultSink counted = service.admit(sink);
        checked(service.analyzer().lookupPrepared(execution.sql()), counted::fail, c -> c.forwardExecute(execution, counted));
    }

    /** Runs {@code send} on this session's MariaDB connection once the statement passed the rules, else tells {@code fail} why not. */
    private void checked(StatementAnalyzer.Lookup lookup, Consumer<Throwable> fail, Consumer<BackendConnection> send) {
        if (lookup.info().isPresent()) {
            decide(lookup, lookup.info().get(), fail, false, send);
            return;
        }
        // first time this statement shape is seen: parse it off the event loop
        service.vertx().executeBlocking(() -> service.analyzer().parse(lookup), false)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        decide(lookup, ar.result(), fail, false, send);
                    } else {
                        fail.accept(ar.cause());
                    }
                });
    }

    private void decide(StatementAnalyzer.Lookup lookup, StatementInfo info, Consumer<Throwable> fail, boolean schemaReloaded,
                        Consumer<BackendConnection> send) {
        StatementInfo effective = names.asRun(lookup.lexed(), info);
        QueryRules.Verdict v = service.check(effective);
        switch (v) {
            case QueryRules.Verdict.Allow allow -> {
                String kw = lookup.lexed().firstKeyword();
                if (kw.equals("SET") || kw.equals("USE")) {
                    dirty = true;
                }
                names.ran(lookup, info, effective);
                withBackend(fail, send);
            }
            case QueryRules.Verdict.Refuse r -> fail.accept(r.error().exception());
            case QueryRules.Verdict.UnknownTable u -> {
                if (schemaReloaded || !service.schemaMayReload()) {
                    fail.accept(QueryRules.notInSchema(u.table()).exception());
                    return;
                }
                service.reloadSchema().onComplete(ar -> decide(lookup, info, fail, true, send));
            }
        }
    }

    @Override
    public void initDb(String database, ResultSink sink) {
        if (service.acceptsDatabase(database)) {
            sink.ok(OkPacket.EMPTY);
        } else {
            sink.error(MysqlError.badDb(database));
        }
    }

    @Override
    public void fieldList(String table, String wildcard, ResultSink sink) {
        byte[] t = table.getBytes(StandardCharsets.UTF_8);
        Buffer cmd = Buffer.buffer().appendByte((byte) Commands.COM_FIELD_LIST).appendBytes(t).appendByte((byte) 0);
        if (wildcard != null) {
            cmd.appendString(wildcard, "UTF-8");
        }
        withBackend(sink::fail, c -> c.forward(cmd, ResponseTracker.Shape.FIELD_LIST, sink));
    }

    /**
     * COM_STMT_PREPARE's result columns, from MariaDB on this session's connection (which keeps the statement
     * prepared for its executions). Without them a client (libmysqlclient: sysbench; the gateway passes these on)
     * takes the statement for one without a result set and then meets rows on execute: "Commands out of sync".
     * The rules are checked here as at execution, so a refused table gets the rule's error, not MariaDB's.
     */
    @Override
    public Future<List<ColumnDefinition>> describe(String sql) {
        Promise<List<ColumnDefinition>> described = Promise.promise();
        checked(service.analyzer().lookupPrepared(sql), described::tryFail, c -> c.describe(sql).onComplete(described));
        return described.future();
    }

    /** Kills what this session runs on MariaDB (see {@link io.shardops.dataplane.mysql.QueryConnection#kill}); any thread. */
    Future<Void> kill(boolean queryOnly) {
        Promise<Void> done = Promise.promise();
        Runnable run = () -> {
            BackendConnection c = backend;
            (c == null || c.isClosed() ? Future.<Void>succeededFuture() : c.kill(queryOnly)).onComplete(done);
        };
        if (context == null) {
            run.run();
        } else {
            context.runOnContext(v -> run.run());
        }
        return done.future();
    }

    private void withBackend(Consumer<Throwable> fail, Consumer<BackendConnection> send) {
        BackendConnection c = backend;
        if (c != null && !c.isClosed()) {
            send.accept(c);
            return;
        }
        backend().onComplete(ar -> {
            if (ar.succeeded()) {
                send.accept(ar.result());
            } else {
                fail.accept(ar.cause());
            }
        });
    }

    private Future<BackendConnection> backend() {
        if (backend != null && !backend.isClosed()) {
            return Future.succeededFuture(backend);
        }
        if (backend != null) {
            // the old one broke (killed, or mysqld restarted): a transaction on it is gone, as on MariaDB itself
            boolean inTransaction = backend.inTransaction();
            pool.discard(backend);
            backend = null;
            if (inTransaction) {
                // a COMMIT sent on a new connection would answer OK for nothing: the client hears what happened
                return Future.failedFuture(new MysqlError(MysqlError.CR_SERVER_LOST, MysqlError.SQLSTATE_GENERAL,
                        "lost the tablet's MariaDB connection in the middle of a transaction; MariaDB rolled it back").exception());
            }
        }
        if (connecting == null) {
            connecting = pool.acquire().andThen(ar -> {
                connecting = null;
                if (ar.succeeded()) {
                    backend = ar.result();
                    backendGeneration++;
                }
            });
        }
        return connecting;
    }

    /** Counts the MariaDB connections this session has had: session settings set on an earlier one are gone. */
    int backendGeneration() {
        return backendGeneration;
    }

    /** Whether MariaDB last said a transaction is open on this session's connection. */
    boolean inTransaction() {
        return backend != null && backend.inTransaction();
    }

    @Override
    public void closed() {
        if (connectionId != 0) {
            service.unregister(connectionId, this);
        }
        BackendConnection c = backend;
        backend = null;
        if (c == null) {
            return;
        }
        if (dirty) {
            pool.discard(c);
        } else {
            pool.release(c);
        }
    }
}
