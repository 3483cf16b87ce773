package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.BackendPool;
import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.MalformedPacketException;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.PayloadReader;
import io.shardops.dataplane.mysql.PreparedStatement;
import io.shardops.dataplane.mysql.QueryConnection;
import io.shardops.dataplane.mysql.ResultSet;
import io.shardops.dataplane.mysql.ResultSink;
import io.shardops.dataplane.mysql.ServerStatus;
import io.shardops.dataplane.mysql.Session;
import io.shardops.dataplane.mysql.SessionHandler;
import io.shardops.dataplane.mysql.StatementExecution;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One client of the gateway: its target ({@code use}), its transaction, and the execution of
 * routes. Outside a transaction each statement borrows a pooled tablet connection; inside one,
 * every shard touched keeps its connection (with BEGIN sent) until COMMIT or ROLLBACK. A commit
 * that spans shards commits them one after another: best-effort, not atomic.
 */
final class GatewaySession implements SessionHandler {
    private final Gateway gateway;
    private final TabletPools pools;
    private Target target = Target.DEFAULT;
    private boolean inTransaction;
    private boolean autocommit = true;
    private final Map<ShardTarget, Pinned> pinned = new LinkedHashMap<>();
    /** What the last statement left for ROW_COUNT(), @@warning_count and SHOW WARNINGS (see {@link OutcomeSink}). */
    private final LastStatement last = new LastStatement();
    /** The transaction's SAVEPOINT statements in order, replayed on each shard it touches later. */
    private final List<String> savepoints = new ArrayList<>();

    private record Pinned(BackendPool<QueryConnection> pool, QueryConnection connection) {}

    GatewaySession(Gateway gateway, TabletPools pools) {
        this.gateway = gateway;
        this.pools = pools;
    }

    private Router router() {
        return new Router(gateway.routing(), gateway.shapes());
    }

    @Override
    public Future<Void> connected(Session session) {
        if (session.database() != null) {
            try {
                target = router().targets().checkTarget(Target.parse(session.database()));
            } catch (MysqlException e) {
                return Future.failedFuture(e);
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public void query(String sql, ResultSink sink) {
        buffered(sink, s -> queryOnce(sql, s));
    }

    /**
     * A prepared statement that one shard runs as it is goes to that shard's MariaDB as a prepared
     * statement too (prepared once per MariaDB connection), its answer streamed back in MariaDB's binary
     * rows; any other is executed as its text with the parameters substituted.
     */
    @Override
    public void execute(PreparedStatement statement, Buffer params, ResultSink sink) {
        buffered(sink, s -> executeOnce(statement, params, s));
    }

    /** Runs a statement, held and retried while a primary switch of the session's keyspace is pending. */
    private void buffered(ResultSink sink, Consumer<ResultSink> once) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (inTransaction || !autocommit || context == null) {
            once.accept(sink);  // a statement inside a transaction is never sent twice
            return;
        }
        String keyspace = target.keyspace();
        gateway.buffer().run(context.owner(), sink, () -> gateway.routing().primarySwitchPending(keyspace), once);
    }

    private void executeOnce(PreparedStatement statement, Buffer params, ResultSink sink) {
        RoutingSnapshot routing = gateway.routing();
        Optional<PreparedShard> shard;
        if (statement.attachment() instanceof KnownRoute known && known.routing() == routing && known.target() == target) {
            shard = known.shard();
        } else {
            try {
                shard = new Router(routing).preparedShard(statement.sql(), target);
            } catch (RuntimeException e) {
                sink.fail(e);
                return;
            }
            statement.attach(new KnownRoute(routing, target, shard));
        }
        Optional<ShardTarget> one = shard.flatMap(s -> s.shardOf(statement, params));
        if (one.isEmpty()) {
            String sql;
            try {
                sql = statement.bind(new PayloadReader(params));
            } catch (MalformedPacketException e) {
                sink.error(new MysqlError(MysqlError.ER_MALFORMED_PACKET, MysqlError.SQLSTATE_CONNECTION, "malformed packet: " + e.getMessage()));
                return;
            }
            queryOnce(sql, sink);
            return;
        }
        StatementExecution execution = new StatementExecution(statement.sql(), statement.paramCount(), params);
        OutcomeSink observed = new OutcomeSink(sink, last::note);
        onConnection(one.get(), observed, c -> c.forwardExecute(execution, observed));
    }

    /**
     * A prepared statement's route, as decided for one routing snapshot and one session target: the same
     * text routes the same way until either changes, so executions skip the router.
     */
    private record KnownRoute(RoutingSnapshot routing, Target target, Optional<PreparedShard> shard) {}

    private void queryOnce(String sql, ResultSink sink) {
        boolean diagnostic = false;
        if (SessionFunctions.mayNameCounts(sql)) {
            diagnostic = SessionFunctions.WARNING_COUNT.matcher(sql).find();
            sql = SessionFunctions.answerCounts(sql, last.rowCount(), last.warningCount());
        }
        Route route;
        try {
            route = router().route(sql, target);
        } catch (MysqlException e) {
            last.failed(e.error());
            sink.error(e.error());
            return;
        }
        // SHOW WARNINGS and @@warning_count read the last statement's diagnostics and leave them as they are
        execute(route, diagnostic || route instanceof Route.LastWarnings ? sink : new OutcomeSink(sink, last::note));
    }

    @Override
    public void initDb(String database, ResultSink sink) {
        try {
            target = router().targets().checkTarget(Target.parse(database));
            sink.ok(status(OkPacket.EMPTY));
        } catch (MysqlException e) {
            sink.error(e.error());
        }
    }

    @Override
    public Future<List<ColumnDefinition>> describe(String sql) {
        // metadata from a tablet that would serve the statement, with placeholders still in place
        Route route;
        try {
            route = router().route(sql, target);
        } catch (RuntimeException e) {
            return Future.succeededFuture(List.of());  // execution will report the problem
        }
        ShardQuery q = route instanceof Route.Forward f ? f.query()
                : route instanceof Route.Scatter s ? s.queries().get(0) : null;
        if (q == null || !StatementWords.firstWord(sql).equals("select")) {
            return Future.succeededFuture(List.of());
        }
        return lease(q.target()).compose(l -> l.connection.describe(q.sql()).andThen(ar -> l.done()))
                .recover(t -> Future.succeededFuture(List.of()));
    }

    @Override
    public void closed() {
        for (Pinned p : pinned.values()) {
            p.pool().discard(p.connection());  // closing rolls back what the client left open
        }
        pinned.clear();
    }

    // ---- execution ----

    private void execute(Route route, ResultSink sink) {
        try {
            executeUnguarded(route, sink);
        } catch (RuntimeException e) {
            sink.fail(e);
        }
    }

    private void executeUnguarded(Route route, ResultSink sink) {
        try {
            if (route instanceof Route.Forward f) {
                forward(f.query(), sink);
            } else if (route instanceof Route.Scatter s) {
                gather(s.queries()).onSuccess(parts -> sink.resultSet(ResultMerger.merge(parts, s.merge())))
                        .onFailure(sink::fail);
            } else if (route instanceof Route.MultiWrite w) {
                writeAll(w.queries()).onSuccess(sink::ok).onFailure(sink::fail);
            } else if (route instanceof Route.Answer a) {
                sink.resultSet(a.resultSet());
            } else if (route instanceof Route.Ok ok) {
                sink.ok(status(ok.ok()));
            } else if (route instanceof Route.NextValues n) {
                gateway.sequence(n.sequence()).take(n.count(), k -> reserve(n.sequence(), k))
                        .onSuccess(first -> sink.resultSet(new ResultSet(List.of(ColumnDefinition.bigint("nextval")),
                                List.<byte[][]>of(new byte[][] {Long.toString(first).getBytes(StandardCharsets.US_ASCII)}))))
                        .onFailure(sink::fail);
            } else if (route instanceof Route.WithSequenceIds w) {
                gateway.sequence(w.sequence()).take(w.count(), k -> reserve(w.sequence(), k))
                        .onSuccess(first -> {
                            long[] ids = new long[w.count()];
                            for (int i = 0; i < ids.length; i++) {
                                ids[i] = first + i;
                            }
                            Route next;
                            try {
                                next = w.then().apply(ids);
                            } catch (RuntimeException e) {
                                sink.fail(e);
                                return;
                            }
                            execute(next, sink);
                        }).onFailure(sink::fail);
            } else if (route instanceof Route.Use u) {
                target = u.target();
                sink.ok(status(OkPacket.EMPTY));
            } else if (route instanceof Route.Transaction t) {
                transaction(t.kind(), sink);
            } else if (route instanceof Route.LastWarnings w) {
                last.answerWarnings(w, sink);
            } else if (route instanceof Route.Savepoint sp) {
                savepoint(sp.sql(), sink);
            } else if (route instanceof Route.WithColumns w) {
                withColumns(w, sink);
            } else if (route instanceof Route.LoadData ld) {
                LoadDataLocal.run(ld.statement(), sink, sql -> {
                    CollectingSink rows = new CollectingSink();
                    try {
                        execute(router().route(sql, target), rows);
                    } catch (MysqlException e) {
                        rows.error(e.error());
                    }
                    return rows.answer();
                }, this::status);
            } else if (route instanceof Route.ShowTables s) {
                lease(s.query().target())
                        .compose(l -> l.connection.queryResultSet(s.query().sql()).andThen(ar -> l.done()))
                        .onSuccess(rs -> {
                            List<ColumnDefinition> cols = new ArrayList<>(rs.columns());
                            if (!cols.isEmpty()) {
                                cols.set(0, cols.get(0).withName("Tables_in_" + s.keyspace()));
                            }
                            sink.resultSet(new ResultSet(cols, rs.rows(), rs.warnings()));
                        }).onFailure(sink::fail);
            }
        } catch (MysqlException e) {
            sink.error(e.error());
        }
    }

    private OkPacket status(OkPacket ok) {
        int flags = (autocommit ? ServerStatus.SERVER_STATUS_AUTOCOMMIT : 0) | (inTransaction ? ServerStatus.SERVER_STATUS_IN_TRANS : 0);
        return ok.withStatus(flags);
    }

    /** A connection for one statement: pinned inside a transaction, else borrowed and given back by {@link #done}. */
    private final class Lease {
        final BackendPool<QueryConnection> pool;
        final QueryConnection connection;
        final boolean borrowed;

        Lease(BackendPool<QueryConnection> pool, QueryConnection connection, boolean borrowed) {
            this.pool = pool;
            this.connection = connection;
            this.borrowed = borrowed;
        }

        void done() {
            if (borrowed) {
                pool.release(connection);
            }
        }
    }

    private Future<Lease> lease(ShardTarget t) {
        boolean transactional = inTransaction || !autocommit;
        if (transactional) {
            inTransaction = true;
            Pinned p = pinned.get(t);
            if (p != null && !p.connection().isClosed()) {
                return Future.succeededFuture(new Lease(p.pool(), p.connection(), false));
            }
            BackendPool<QueryConnection> pool = pools.pool(gateway.routing(), t);
            List<String> taken = List.copyOf(savepoints);
            return pool.acquire().compose(c -> {
                Future<OkPacket> begun = c.execute("begin");
                for (String sp : taken) {
                    begun = begun.compose(ok -> c.execute(sp));  // savepoints set before this shard joined hold here too
                }
                return begun.map(ok -> {
                    pinned.put(t, new Pinned(pool, c));
                    return new Lease(pool, c, false);
                });
            });
        }
        BackendPool<QueryConnection> pool = pools.pool(gateway.routing(), t);
        return pool.acquire().map(c -> new Lease(pool, c, true));
    }

    private void forward(ShardQuery q, ResultSink sink) {
        onConnection(q.target(), sink, c -> c.forwardQuery(q.sql(), sink));
    }

    /** Streams one shard's answer to {@code sink} on a leased connection, given back when the answer ended. */
    private void onConnection(ShardTarget t, ResultSink sink, java.util.function.Function<QueryConnection, Future<Void>> answer) {
        Future<Lease> leased;
        try {
            leased = lease(t);
        } catch (RuntimeException e) {
            sink.fail(e);
            return;
        }
        leased.onComplete(ar -> {
            if (ar.failed()) {
                sink.fail(ar.cause());
                return;
            }
            Lease l = ar.result();
            answer.apply(l.connection).onComplete(done -> {
                if (sink instanceof OutcomeSink o && o.warningsToRead() != null) {
                    last.readWarnings(l.connection, o.warningsToRead()).onComplete(read -> l.done());
                } else {
                    l.done();
                }
            });
        });
    }

    private Future<List<ResultSet>> gather(List<ShardQuery> queries) {
        List<Future<ResultSet>> parts = new ArrayList<>();
        for (ShardQuery q : queries) {
            parts.add(lease(q.target()).compose(l -> l.connection.queryResultSet(q.sql()).andThen(ar -> l.done())));
        }
        return Future.all(parts).map(cf -> {
            List<ResultSet> out = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                out.add(cf.resultAt(i));
            }
            return out;
        });
    }

    private Future<OkPacket> writeAll(List<ShardQuery> queries) {
        List<Future<OkPacket>> parts = new ArrayList<>();
        for (ShardQuery q : queries) {
            parts.add(lease(q.target()).compose(l -> l.connection.execute(q.sql()).andThen(ar -> l.done())));
        }
        return Future.all(parts).map(cf -> {
            long affected = 0;
            long lastId = 0;
            for (int i = 0; i < parts.size(); i++) {
                OkPacket ok = cf.resultAt(i);
                affected += ok.affectedRows();
                lastId = Math.max(lastId, ok.lastInsertId());
            }
            return status(OkPacket.affected(affected, lastId));
        });
    }

    private void transaction(Route.Transaction.Kind kind, ResultSink sink) {
        switch (kind) {
            case BEGIN -> {
                Future<Void> prior = inTransaction ? finish("commit") : Future.succeededFuture();
                prior.onComplete(ar -> {
                    inTransaction = true;
                    sink.ok(status(OkPacket.EMPTY));
                });
            }
            case COMMIT -> finish("commit").onSuccess(v -> sink.ok(status(OkPacket.EMPTY))).onFailure(sink::fail);
            case ROLLBACK -> finish("rollback").onSuccess(v -> sink.ok(status(OkPacket.EMPTY))).onFailure(sink::fail);
            case AUTOCOMMIT_OFF -> {
                autocommit = false;
                sink.ok(status(OkPacket.EMPTY));
            }
            case AUTOCOMMIT_ON -> finish("commit").onComplete(ar -> {
                autocommit = true;
                if (ar.failed()) {
                    sink.fail(ar.cause());
                } else {
                    sink.ok(status(OkPacket.EMPTY));
                }
            });
        }
    }

    /** Commits or rolls back every pinned shard, one after another; the first failure is reported after all were tried. */
    private Future<Void> finish(String verb) {
        List<Pinned> shards = new ArrayList<>(pinned.values());
        pinned.clear();
        savepoints.clear();
        inTransaction = false;
        Future<Void> chain = Future.succeededFuture();
        MysqlError[] firstError = {null};
        for (Pinned p : shards) {
            chain = chain.compose(v -> p.connection().execute(verb).transform(ar -> {
                if (ar.failed() && firstError[0] == null) {
                    firstError[0] = MysqlException.toError(ar.cause());
                }
                p.pool().release(p.connection());
                return Future.<Void>succeededFuture();
            }));
        }
        return chain.compose(v -> firstError[0] == null ? Future.<Void>succeededFuture()
                : Future.failedFuture(new MysqlError(firstError[0].code(), firstError[0].sqlState(),
                        verb + " failed on a shard (other shards were still " + verb + "ted: multi-shard commit is best-effort): "
                                + firstError[0].message()).exception()));
    }

    // ---- savepoints, INSERTs without a column list (mysqldump's), h/clients

    /**
     * SAVEPOINT, ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT on every shard of the transaction, and noted so a
     * shard the transaction touches later takes them too. Outside a transaction a savepoint ends with its
     * statement, as in MySQL.
     */
    private void savepoint(String sql, ResultSink sink) {
        boolean set = StatementWords.firstWord(sql).equals("savepoint");
        if (!inTransaction && autocommit) {
            if (set) {
                sink.ok(status(OkPacket.EMPTY));
            } else {
                sink.error(new MysqlError(1305, "42000", "SAVEPOINT does not exist: " + sql));
            }
            return;
        }
        inTransaction = true;
        savepoints.add(sql);
        Future<Void> chain = Future.succeededFuture();
        for (Pinned p : new ArrayList<>(pinned.values())) {
            chain = chain.compose(v -> p.connection().execute(sql).mapEmpty());
        }
        chain.onSuccess(v -> sink.ok(status(OkPacket.EMPTY))).onFailure(e -> {
            savepoints.remove(savepoints.size() - 1);
            sink.fail(e);
        });
    }

    /** Reads the table's columns, in order, from one shard, then routes what the statement becomes with them. */
    private void withColumns(Route.WithColumns w, ResultSink sink) {
        String sql = "select column_name from information_schema.columns where table_schema = "
                + io.shardops.spec.sql.Sql.literal(w.shard().keyspace()) + " and table_name = "
                + io.shardops.spec.sql.Sql.literal(w.table()) + " order by ordinal_position";
        lease(w.shard()).compose(l -> l.connection.queryResultSet(sql).andThen(ar -> l.done())).onSuccess(rs -> {
            if (rs.rows().isEmpty()) {
                sink.error(new MysqlError(MysqlError.ER_NO_SUCH_TABLE, MysqlError.SQLSTATE_NO_SUCH_TABLE,
                        "Table '" + w.table() + "' doesn't exist on " + w.shard().keyspace() + "/" + w.shard().shard()));
                return;
            }
            List<String> names = new ArrayList<>();
            for (byte[][] row : rs.rows()) {
                names.add(new String(row[0], StandardCharsets.UTF_8));
            }
            Route next;
            try {
                next = w.then().apply(names);
            } catch (RuntimeException e) {
                sink.fail(e);
                return;
            }
            execute(next, sink);
        }).onFailure(sink::fail);
    }

    /** Reserves sequence ids on the sequence keyspace's primary, in a transaction of its own. */
    private Future<long[]> reserve(Route.SequenceRef seq, long n) {
        ShardTarget t = router().targets().firstShard(seq.keyspace(), io.shardops.spec.TabletType.PRIMARY);
        BackendPool<QueryConnection> pool = pools.pool(gateway.routing(), t);
        return pool.acquire().compose(c -> c.execute("begin")
                .compose(v -> SequenceCache.reserveWith(seq.table(), n, c::queryResultSet, sql -> c.execute(sql).mapEmpty()))
                .compose(r -> c.execute("commit").map(v -> r))
                .andThen(ar -> {
                    if (ar.failed()) {
                        pool.discard(c);
                    } else {
                        pool.release(c);
                    }
                }));
    }
}
