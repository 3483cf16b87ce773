package io.shardops.dataplane.gateway;

import io.shardops.dataplane.gateway.buffer.QueryBuffer;
import io.shardops.dataplane.mysql.BackendPool;
import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.ColumnType;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.QueryConnection;
import io.shardops.dataplane.mysql.ResultSet;
import io.shardops.dataplane.mysql.ResultSink;
import io.shardops.spec.TabletType;
import io.shardops.spec.sql.Sql;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a session's routes: forwards to one shard, gathers and merges a scatter, writes to several
 * shards, fills sequence ids, answers at the gateway what needs no tablet, and runs the statements
 * a route needs first (a table's columns, a LOAD DATA's rows). Connections come from the session's
 * {@link SessionConnections}.
 */
final class RouteExecution {
    private final GatewaySession owner;
    private final GatewayServer gateway;
    private final SessionConnections connections;
    private final LastStatement last;
    private final SetExecution set;

    RouteExecution(GatewaySession owner, GatewayServer gateway, SessionConnections connections, LastStatement last) {
        this.owner = owner;
        this.gateway = gateway;
        this.connections = connections;
        this.last = last;
        this.set = new SetExecution(owner, connections);
    }

    void execute(Route route, ResultSink sink) {
        try {
            executeUnguarded(route, sink);
        } catch (RuntimeException e) {
            sink.fail(e);
        }
    }

    private void executeUnguarded(Route route, ResultSink sink) {
        try {
            switch (route) {
                case Route.Forward(ShardQuery q) -> forward(q, InsertIds.writes(q.sql()) ? new InsertIds(sink, 0, last) : sink);
                case Route.Scatter(List<ShardQuery> queries, MergeSpec merge) ->
                        gather(queries).map(parts -> ResultMerger.merge(parts, merge)).onSuccess(sink::resultSet).onFailure(sink::fail);
                case Route.MultiWrite(List<ShardQuery> queries, boolean copies) -> {
                    ResultSink answer = InsertIds.writes(queries.get(0).sql()) ? new InsertIds(sink, 0, last) : sink;
                    writeAll(queries, copies).onSuccess(answer::ok).onFailure(answer::fail);
                }
                case Route.Answer(ResultSet resultSet) -> sink.resultSet(resultSet);
                case Route.Ok(OkPacket ok) -> sink.ok(connections.status(ok));
                case Route.NextValues n -> nextValues(n, sink);
                case Route.WithSequenceIds w -> withSequenceIds(w, sink);
                case Route.Use(Target target) -> {
                    owner.use(target);
                    sink.ok(connections.status(OkPacket.EMPTY));
                }
                case Route.Transaction(Route.Transaction.Kind kind) -> connections.transaction(kind, sink);
                case Route.LastWarnings w -> last.answerWarnings(w, sink);
                case Route.Savepoint(String sql) -> connections.savepoint(sql, sink);
                case Route.FoundRows(long count, Route then) -> execute(then, last.foundRowsAfter(count, sink));
                case Route.WithColumns w -> withColumns(w, sink);
                case Route.WithResults w -> resultsThen(w).onSuccess(next -> execute(next, sink)).onFailure(sink::fail);
                case Route.LoadData(LoadDataStatement statement) -> loadData(statement, sink);
                case Route.SetSession s -> set.run(s, sink);
                case Route.SessionValue(Route.SessionValue.Kind kind, String label) -> sessionValue(kind, label, sink);
                case Route.Kill(long connectionId, boolean queryOnly) -> kill(connectionId, queryOnly, sink);
                case Route.ShowTables(ShardQuery query, String keyspace) -> showTables(query, keyspace, sink);
            }
        } catch (MysqlException e) {
            sink.error(e.error());
        }
    }

    private void nextValues(Route.NextValues n, ResultSink sink) {
        gateway.sequence(n.sequence()).take(n.count(), k -> reserve(n.sequence(), k))
                .onSuccess(first -> sink.resultSet(new ResultSet(List.of(ColumnDefinition.bigint("nextval")),
                        List.<byte[][]>of(new byte[][] {Long.toString(first).getBytes(StandardCharsets.US_ASCII)}))))
                .onFailure(sink::fail);
    }

    private void loadData(LoadDataStatement statement, ResultSink sink) {
        LoadDataLocal.run(statement, sink, sql -> {
            CollectingSink rows = new CollectingSink();
            try {
                execute(owner.router().route(sql, owner.target()), rows);
            } catch (MysqlException e) {
                rows.error(e.error());
            }
            return rows.answer();
        }, connections::status);
    }

    private void sessionValue(Route.SessionValue.Kind kind, String label, ResultSink sink) {
        long value = switch (kind) {
            case CONNECTION_ID -> owner.session().connectionId();
            case LAST_INSERT_ID -> last.lastInsertId();
        };
        ColumnDefinition column = new ColumnDefinition("", "", "", label, "", ColumnDefinition.BINARY_COLLATION, 20,
                ColumnType.MYSQL_TYPE_LONGLONG,
                ColumnType.BINARY_FLAG | ColumnType.NUM_FLAG | ColumnType.UNSIGNED_FLAG | ColumnType.NOT_NULL_FLAG, 0);
        sink.resultSet(new ResultSet(List.of(column), List.<byte[][]>of(new byte[][] {
                Long.toUnsignedString(value).getBytes(StandardCharsets.US_ASCII)})));
    }

    private void kill(long connectionId, boolean queryOnly, ResultSink sink) {
        Context here = Vertx.currentContext();
        gateway.kill(owner.session(), connectionId, queryOnly).onComplete(ar -> here.runOnContext(v -> {
            if (ar.succeeded()) {
                sink.ok(connections.status(OkPacket.EMPTY));  // answered on this session's own event loop
            } else {
                sink.fail(ar.cause());
            }
        }));
    }

    private void showTables(ShardQuery query, String keyspace, ResultSink sink) {
        connections.lease(query.target())
                .compose(l -> l.connection.queryResultSet(query.sql()).andThen(ar -> l.done()))
                .onSuccess(rs -> {
                    List<ColumnDefinition> cols = new ArrayList<>(rs.columns());
                    if (!cols.isEmpty()) {
                        cols.set(0, cols.get(0).withName("Tables_in_" + keyspace));
                    }
                    sink.resultSet(new ResultSet(cols, rs.rows(), rs.warnings()));
                }).onFailure(sink::fail);
    }

    private void withSequenceIds(Route.WithSequenceIds w, ResultSink sink) {
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
                    // MySQL's insert id: the first id the statement generated, whichever shards took the rows
                    ResultSink withId = new InsertIds(sink, ids.length == 0 ? 0 : ids[0], last);
                    if (next instanceof Route.Forward f) {
                        forward(f.query(), withId);
                    } else {
                        execute(next, withId);
                    }
                }).onFailure(sink::fail);
    }

    private void forward(ShardQuery q, ResultSink sink) {
        onConnection(q.target(), sink, c -> c.forwardQuery(q.sql(), sink));
    }

    /** Streams one shard's answer to {@code sink} on a leased connection, given back when the answer ended. */
    void onConnection(ShardTarget t, ResultSink sink, Function<QueryConnection, Future<Void>> answer) {
        Future<SessionConnections.Lease> leased;
        try {
            leased = connections.lease(t);
        } catch (RuntimeException e) {
            sink.fail(e);
            return;
        }
        leased.onComplete(ar -> {
            if (ar.failed()) {
                sink.error(QueryBuffer.markUnreachable(MysqlException.toError(ar.cause())));
                return;
            }
            SessionConnections.Lease l = ar.result();
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
            parts.add(connections.lease(q.target()).compose(l -> l.connection.queryResultSet(q.sql()).andThen(ar -> l.done())));
        }
        return Future.all(parts).map(cf -> {
            List<ResultSet> out = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                out.add(cf.resultAt(i));
            }
            return out;
        });
    }

    /** @param copies every shard holds the same rows (a reference table): the client is told one copy's count */
    private Future<OkPacket> writeAll(List<ShardQuery> queries, boolean copies) {
        List<Future<OkPacket>> parts = new ArrayList<>();
        for (ShardQuery q : queries) {
            parts.add(connections.lease(q.target()).compose(l -> l.connection.execute(q.sql()).andThen(ar -> l.done())));
        }
        return Future.all(parts).map(cf -> {
            long affected = 0;
            long lastId = 0;
            for (int i = 0; i < parts.size(); i++) {
                OkPacket ok = cf.resultAt(i);
                affected = copies ? (i == 0 ? ok.affectedRows() : affected) : affected + ok.affectedRows();
                lastId = Math.max(lastId, ok.lastInsertId());
            }
            return connections.status(OkPacket.affected(affected, lastId));
        });
    }

    /** Runs a route's statements in turn, then gives what the route makes of their answers. */
    private Future<Route> resultsThen(Route.WithResults w) {
        Future<List<ResultSet>> answers = Future.succeededFuture(new ArrayList<>());
        for (String sql : w.statements()) {
            answers = answers.compose(list -> {
                Route r;
                try {
                    r = owner.router().route(sql, owner.target());
                } catch (RuntimeException e) {
                    return Future.failedFuture(e);
                }
                return resultSetOf(r).map(rs -> {
                    list.add(rs);
                    return list;
                });
            });
        }
        return answers.compose(list -> {
            try {
                return Future.succeededFuture(w.then().apply(list));
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        });
    }

    /** The whole result set of a SELECT's route, read at the gateway (a subquery's answer). */
    private Future<ResultSet> resultSetOf(Route r) {
        return switch (r) {
            case Route.Forward(ShardQuery q) -> connections.lease(q.target())
                    .compose(l -> l.connection.queryResultSet(q.sql()).andThen(ar -> l.done()));
            case Route.Scatter(List<ShardQuery> queries, MergeSpec merge) -> gather(queries).map(parts -> ResultMerger.merge(parts, merge));
            case Route.Answer(ResultSet rs) -> Future.succeededFuture(rs);
            case Route.WithResults w -> resultsThen(w).compose(this::resultSetOf);
            case Route.FoundRows f -> resultSetOf(f.then());
            default -> Future.failedFuture(MysqlError.notSupported(
                    "unsupported: this kind of subquery in a statement on a sharded keyspace").exception());
        };
    }

    /** Reads the table's columns, in order, from one shard, then routes what the statement becomes with them. */
    private void withColumns(Route.WithColumns w, ResultSink sink) {
        String sql = "select column_name from information_schema.columns where table_schema = "
                + Sql.literal(w.shard().keyspace()) + " and table_name = "
                + Sql.literal(w.table()) + " order by ordinal_position";
        connections.lease(w.shard()).compose(l -> l.connection.queryResultSet(sql).andThen(ar -> l.done())).onSuccess(rs -> {
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
        ShardTarget t = owner.router().targets().firstShard(seq.keyspace(), TabletType.PRIMARY);
        BackendPool<QueryConnection> pool = owner.pools().pool(gateway.routing(), t);
        // the gateway's own statements run with the connections' start settings, whatever a session left on them
        return pool.acquire(null).compose(c -> SessionConnections.carrying(c, null).compose(v -> c.execute("begin"))
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
