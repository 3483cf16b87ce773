package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.BackendConnection;
import io.shardops.dataplane.mysql.BackendPool;
import io.shardops.dataplane.mysql.Commands;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.ResponseTracker;
import io.shardops.dataplane.mysql.ResultSink;
import io.shardops.dataplane.mysql.Session;
import io.shardops.dataplane.mysql.SessionHandler;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

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

    TabletSession(QueryService service, BackendPool<BackendConnection> pool) {
        this.service = service;
        this.pool = pool;
    }

    @Override
    public Future<Void> connected(Session session) {
        String db = session.database();
        if (db != null && !db.isEmpty() && !service.acceptsDatabase(db)) {
            return Future.failedFuture(MysqlError.badDb(db).exception());
        }
        return Future.succeededFuture();
    }

    @Override
    public void query(String sql, ResultSink sink) {
        StatementAnalyzer.Lookup lookup = service.analyzer().lookup(sql);
        if (lookup.info().isPresent()) {
            decide(sql, lookup.lexed(), lookup.info().get(), sink, false);
            return;
        }
        // first time this statement shape is seen: parse it off the event loop
        service.vertx().executeBlocking(() -> service.analyzer().parse(lookup.lexed()), false)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        decide(sql, lookup.lexed(), ar.result(), sink, false);
                    } else {
                        sink.fail(ar.cause());
                    }
                });
    }

    private void decide(String sql, SqlLexer.Lexed lexed, StatementInfo info, ResultSink sink, boolean schemaReloaded) {
        QueryRules.Verdict v = service.check(info);
        if (v instanceof QueryRules.Verdict.Allow) {
            String kw = lexed.firstKeyword();
            if (kw.equals("SET") || kw.equals("USE")) {
                dirty = true;
            }
            forward(BackendConnection.comQuery(sql), ResponseTracker.Shape.QUERY, sink);
        } else if (v instanceof QueryRules.Verdict.Refuse r) {
            sink.error(r.error());
        } else if (v instanceof QueryRules.Verdict.UnknownTable u) {
            if (schemaReloaded || !service.schemaMayReload()) {
                sink.error(QueryRules.notInSchema(u.table()));
                return;
            }
            service.reloadSchema().onComplete(ar -> decide(sql, lexed, info, sink, true));
        }
    }

    @Override
    public void initDb(String database, ResultSink sink) {
        if (service.acceptsDatabase(database)) {
            sink.ok(io.shardops.dataplane.mysql.OkPacket.EMPTY);
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
        forward(cmd, ResponseTracker.Shape.FIELD_LIST, sink);
    }

    /**
     * COM_STMT_PREPARE's result columns, from MariaDB on this session's connection. Without them a client
     * (libmysqlclient: sysbench; the gateway passes these on) takes the statement for one without a result
     * set and then meets rows on execute: "Commands out of sync". The rules are checked at execution.
     */
    @Override
    public Future<java.util.List<io.shardops.dataplane.mysql.ColumnDefinition>> describe(String sql) {
        return backend().compose(c -> c.describe(sql));
    }

    private void forward(Buffer command, ResponseTracker.Shape shape, ResultSink sink) {
        BackendConnection c = backend;
        if (c != null && !c.isClosed()) {
            c.forward(command, shape, sink);
            return;
        }
        backend().onComplete(ar -> {
            if (ar.succeeded()) {
                ar.result().forward(command, shape, sink);
            } else {
                sink.fail(ar.cause());
            }
        });
    }

    private Future<BackendConnection> backend() {
        if (backend != null && !backend.isClosed()) {
            return Future.succeededFuture(backend);
        }
        if (backend != null) {
            // the old one broke (mysqld restarted): a transaction on it is gone, as on MariaDB itself
            pool.discard(backend);
            backend = null;
        }
        if (connecting == null) {
            connecting = pool.acquire().andThen(ar -> {
                connecting = null;
                if (ar.succeeded()) {
                    backend = ar.result();
                }
            });
        }
        return connecting;
    }

    /** Whether MariaDB last said a transaction is open on this session's connection. */
    boolean inTransaction() {
        return backend != null && backend.inTransaction();
    }

    @Override
    public void closed() {
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
