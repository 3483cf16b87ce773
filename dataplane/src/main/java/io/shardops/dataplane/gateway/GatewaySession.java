package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.MalformedPacketException;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.PayloadReader;
import io.shardops.dataplane.mysql.PreparedStatement;
import io.shardops.dataplane.mysql.ResultSink;
import io.shardops.dataplane.mysql.Session;
import io.shardops.dataplane.mysql.SessionHandler;
import io.shardops.dataplane.mysql.StatementExecution;
import io.shardops.dataplane.mysql.StatementText;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One client of the gateway: its target ({@code use}) and the way from a statement to its route.
 * The session's tablet connections and transaction are its {@link SessionConnections}; routes run in
 * its {@link RouteExecution}; what the last statement left for diagnostics is its {@link LastStatement}.
 */
final class GatewaySession implements SessionHandler {
    /** {@code @@autocommit} is the gateway's (backend connections always run in autocommit): read while it is off. */
    private static final Pattern AUTOCOMMIT_READ = Pattern.compile("(?i)@@(?:session\\.|local\\.)?autocommit\\b");

    private final GatewayServer gateway;
    private final TabletPools pools;
    private final SessionConnections connections;
    /** What the last statement left for ROW_COUNT(), LAST_INSERT_ID(), @@warning_count and SHOW WARNINGS (see {@link OutcomeSink}). */
    private final LastStatement last = new LastStatement();
    private final RouteExecution execution;
    private Target target = Target.DEFAULT;
    private Session session;
    private Context context;
    private Runnable disconnect = () -> { };
    private Router router;

    GatewaySession(GatewayServer gateway, TabletPools pools) {
        this.gateway = gateway;
        this.pools = pools;
        this.connections = new SessionConnections(gateway, pools);
        this.execution = new RouteExecution(this, gateway, connections, last);
    }

    /** The router of the current routing snapshot; kept while the snapshot stays, as a router holds nothing else. */
    Router router() {
        RoutingSnapshot routing = gateway.routing();
        Router r = router;
        if (r == null || r.snapshot() != routing) {
            r = new Router(routing, gateway.shapes());
            router = r;
        }
        return r;
    }

    Target target() {
        return target;
    }

    /** {@code USE}: the session's statements go to {@code target} from now on. */
    void use(Target target) {
        this.target = target;
    }

    Session session() {
        return session;
    }

    TabletPools pools() {
        return pools;
    }

    @Override
    public void disconnector(Runnable disconnect) {
        this.disconnect = disconnect;
    }

    @Override
    public Future<Void> connected(Session session) {
        this.session = session;
        this.context = Vertx.currentContext();
        gateway.register(session.connectionId(), this);
        connections.settings(SessionSettings.forHandshake(session.collation()));
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
        Context context = Vertx.currentContext();
        if (connections.transactional() || context == null) {
            once.accept(sink);  // a statement inside a transaction is never sent twice
            return;
        }
        String keyspace = target.keyspace();
        gateway.buffer().run(context.owner(), sink, () -> gateway.routing().primarySwitchPending(keyspace), gateway::routing, once);
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
        ResultSink answer = InsertIds.writes(statement.sql()) ? new InsertIds(sink, 0, last) : sink;
        OutcomeSink observed = new OutcomeSink(answer, last::note);
        this.execution.onConnection(one.get(), observed, c -> c.forwardExecute(execution, observed));
    }

    /**
     * A prepared statement's route, as decided for one routing snapshot and one session target: the same
     * text routes the same way until either changes, so executions skip the router.
     */
    private record KnownRoute(RoutingSnapshot routing, Target target, Optional<PreparedShard> shard) {}

    private void queryOnce(String sql, ResultSink sink) {
        connections.reserveFor(sql);
        boolean diagnostic = false;
        if (SessionFunctions.mayNameCounts(sql)) {
            diagnostic = SessionFunctions.WARNING_COUNT.matcher(sql).find();
            sql = SessionFunctions.answerCounts(sql, last.rowCount(), last.warningCount());
        }
        if (SessionFunctions.mayNameLastInsertId(sql) && !SessionStatements.answeredAsSessionValue(sql)) {
            sql = SessionFunctions.answerLastInsertId(sql, last.lastInsertId());
        }
        if (SessionFunctions.mayNameFoundRows(sql)) {
            sql = SessionFunctions.replace(sql, SessionFunctions.FOUND_ROWS, Long.toString(last.foundRows()));
        }
        Route route;
        try {
            boolean readsAutocommit = !connections.autocommit() && sql.contains("@@") && StatementWords.firstWord(sql).equals("select");
            route = router().route(readsAutocommit ? SessionFunctions.replace(sql, AUTOCOMMIT_READ, "0") : sql, target);
        } catch (MysqlException e) {
            // the router quotes the statement's text, one char per byte: the client reads its message as UTF-8
            MysqlError error = e.error();
            MysqlError readable = new MysqlError(error.code(), error.sqlState(), StatementText.readable(error.message()));
            last.failed(readable);
            sink.error(readable);
            return;
        }
        // SHOW WARNINGS and @@warning_count read the last statement's diagnostics and leave them as they are
        execution.execute(route, diagnostic || route instanceof Route.LastWarnings ? sink : new OutcomeSink(sink, last::note));
    }

    @Override
    public void initDb(String database, ResultSink sink) {
        try {
            target = router().targets().checkTarget(Target.parse(database));
            sink.ok(connections.status(OkPacket.EMPTY));
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
        ShardQuery q = switch (route) {
            case Route.Forward f -> f.query();
            case Route.Scatter s -> s.queries().get(0);
            // writes, and what the gateway answers itself or after a lookup: nothing to describe ahead
            case Route.MultiWrite w -> null;
            case Route.Answer a -> null;
            case Route.Ok o -> null;
            case Route.NextValues n -> null;
            case Route.WithSequenceIds w -> null;
            case Route.Use u -> null;
            case Route.Transaction t -> null;
            case Route.SetSession s -> null;
            case Route.SessionValue v -> null;
            case Route.Kill k -> null;
            case Route.ShowTables t -> null;
            case Route.WithColumns w -> null;
            case Route.WithResults w -> null;
            case Route.Savepoint s -> null;
            case Route.LastWarnings w -> null;
            case Route.LoadData l -> null;
            case Route.FoundRows f -> null;
        };
        if (q == null || !StatementWords.firstWord(sql).equals("select")) {
            return Future.succeededFuture(List.of());
        }
        return connections.lease(q.target()).compose(l -> l.connection.describe(q.sql()).andThen(ar -> l.done()))
                .recover(t -> Future.succeededFuture(List.of()));
    }

    @Override
    public void closed() {
        if (session != null) {
            gateway.unregister(session.connectionId(), this);
        }
        connections.closed();
    }

    @Override
    public Future<Void> reset() {
        return connections.reset(SessionSettings.forHandshake(session.collation())).map(v -> {
            last.lastInsertId(0);
            return v;
        });
    }

    /** COM_CHANGE_USER: reset as by COM_RESET_CONNECTION, then the new user's database (none when not named) and character set. */
    @Override
    public Future<Void> changeUser(Session next) {
        Target nextTarget = Target.DEFAULT;
        if (next.database() != null) {
            try {
                nextTarget = router().targets().checkTarget(Target.parse(next.database()));
            } catch (MysqlException e) {
                return Future.failedFuture(e);
            }
        }
        Target t = nextTarget;
        return connections.reset(SessionSettings.forHandshake(next.collation())).map(v -> {
            last.lastInsertId(0);
            session = next;
            target = t;
            return v;
        });
    }

    @Override
    public int serverStatus() {
        return connections.status(OkPacket.EMPTY).statusFlags();
    }

    String user() {
        return session == null ? "" : session.user();
    }

    /** KILL of this session from another one (any thread): the backend connections running its statements are killed there. */
    Future<Void> kill(boolean queryOnly) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> connections.kill(queryOnly).onComplete(ar -> {
            if (!queryOnly) {
                disconnect.run();
            }
            done.complete();
        }));
        return done.future();
    }
}
