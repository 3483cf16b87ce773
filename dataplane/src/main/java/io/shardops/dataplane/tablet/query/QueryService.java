package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.mysql.BackendConnection;
import io.shardops.dataplane.mysql.BackendEndpoint;
import io.shardops.dataplane.mysql.BackendPool;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.MysqlServer;
import io.shardops.dataplane.mysql.QueryConnection;
import io.shardops.dataplane.mysql.ResultSink;
import io.shardops.dataplane.mysql.ServerConfig;
import io.shardops.dataplane.mysql.Session;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tablet's MySQL-protocol server: clients (the gateway, {@code mysql}, JDBC) connect to it as to
 * MariaDB; statements pass the {@link QueryRules} and go to the tablet's own MariaDB. A gateway in
 * the same JVM opens its sessions in process instead ({@link #openInProcess}): the same session,
 * rules and answers, without encoding the statement into packets and decoding it again.
 */
public final class QueryService {
    /** Connections to MariaDB per event loop; the pool only bounds idle reuse, sessions hold theirs. */
    private static final int POOL_SIZE_PER_LOOP = 1000;

    private final Vertx vertx;
    private final String tabletAlias;
    private final String database;
    private final ServingControl serving;
    private final SchemaCache schema;
    private final Runnable blockingSchemaReload;
    private final BackendEndpoint mysqld;
    private final Authenticator clients;
    private final StatementAnalyzer analyzer = new StatementAnalyzer();
    private final Map<Thread, BackendPool<BackendConnection>> pools = new ConcurrentHashMap<>();
    private final Set<InProcessConnection> inProcess = ConcurrentHashMap.newKeySet();
    /** Sessions of the query service's own port by connection id: what a gateway's KILL names. */
    private final Map<Long, TabletSession> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final NetClient client;
    private MysqlServer server;

    /**
     * @param blockingSchemaReload reloads {@code schema} from MariaDB (blocking; run on a worker)
     * @param mysqld               the tablet's MariaDB, with the query service's account and the tablet's database
     * @param clients              who may log in on the query port: the cluster's internal account (gateways)
     */
    public QueryService(Vertx vertx, String tabletAlias, String database, ServingControl serving, SchemaCache schema,
                        Runnable blockingSchemaReload, BackendEndpoint mysqld, Authenticator clients) {
        if (clients instanceof Authenticator.None) {
            throw new IllegalArgumentException("a tablet's query port must require the cluster's internal account");
        }
        this.clients = clients;
        this.vertx = vertx;
        this.tabletAlias = tabletAlias;
        this.database = database;
        this.serving = serving;
        this.schema = schema;
        this.blockingSchemaReload = blockingSchemaReload;
        this.mysqld = mysqld;
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5000));
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public Future<QueryService> start(String host, int port) {
        ServerConfig config = ServerConfig.of(host, port, clients);
        return MysqlServer.start(vertx, config, () -> new TabletSession(this, poolForThisLoop())).map(s -> {
            server = s;
            return this;
        });
    }

    public int port() {
        return server.port();
    }

    /**
     * A session of this query service for a caller on the current event loop (a gateway in this JVM),
     * as if it had connected to {@link #port()} with {@code database}; it uses that loop's connections to MariaDB.
     */
    public Future<QueryConnection> openInProcess(String database) {
        if (closed) {
            return Future.failedFuture(stopped().exception());
        }
        TabletSession session = new TabletSession(this, poolForThisLoop());
        return session.connected(new Session(0, "in-process", database, 0, "in-process")).map(v -> {
            InProcessConnection c = new InProcessConnection(this, session, vertx.getOrCreateContext());
            inProcess.add(c);
            return c;
        });
    }

    void register(long connectionId, TabletSession session) {
        sessions.put(connectionId, session);
    }

    void unregister(long connectionId, TabletSession session) {
        sessions.remove(connectionId, session);
    }

    /** KILL [QUERY] of one of this service's sessions: its MariaDB thread is killed. */
    Future<Void> kill(long connectionId, boolean queryOnly) {
        TabletSession s = sessions.get(connectionId);
        if (s == null) {
            return Future.failedFuture(new MysqlError(MysqlError.ER_NO_SUCH_THREAD, "HY000", "Unknown thread id: " + connectionId).exception());
        }
        return s.kill(queryOnly);
    }

    boolean isClosed() {
        return closed;
    }

    void forget(InProcessConnection c) {
        inProcess.remove(c);
    }

    MysqlError stopped() {
        return new MysqlError(MysqlError.CR_SERVER_LOST, MysqlError.SQLSTATE_GENERAL, "tablet " + tabletAlias + " is stopped");
    }

    public Future<Void> close() {
        closed = true;
        for (InProcessConnection c : inProcess) {
            c.closeOnItsLoop();  // as the listening server's close ends its clients' sessions
        }
        Future<Void> f = server == null ? Future.succeededFuture() : server.close();
        return f.andThen(ar -> {
            pools.values().forEach(BackendPool::close);
            client.close();
        });
    }

    private BackendPool<BackendConnection> poolForThisLoop() {
        return pools.computeIfAbsent(Thread.currentThread(), t -> BackendPool.tcp(client, mysqld, POOL_SIZE_PER_LOOP));
    }

    Vertx vertx() {
        return vertx;
    }

    StatementAnalyzer analyzer() {
        return analyzer;
    }

    boolean acceptsDatabase(String db) {
        return db.equalsIgnoreCase(database);
    }

    /** {@code sink}, counted as a statement in flight (see {@link ServingControl#admitted}) until it is answered. */
    ResultSink admit(ResultSink sink) {
        return new AdmittedSink(sink, serving);
    }

    QueryRules.Verdict check(StatementInfo info) {
        QueryRules.Verdict v = QueryRules.check(serving.get(), info, tabletAlias, database, rulesSchema);
        if (v instanceof QueryRules.Verdict.Refuse r && !serving.cutoverTables().isEmpty()
                && r.error().message().startsWith(QueryRules.DENIED_TABLES_MESSAGE)) {
            // a schema cut-over holds the table for a moment: gateways hold this refusal and send the statement again
            return new QueryRules.Verdict.Refuse(new MysqlError(r.error().code(), r.error().sqlState(),
                    r.error().message() + " " + QueryRules.SCHEMA_CUTOVER_MARK));
        }
        return v;
    }

    /** The schema cache as the rules see it; a view's definition is analysed once per shape, like any statement. */
    private final QueryRules.Schema rulesSchema = new QueryRules.Schema() {
        @Override
        public boolean hasTable(String name) {
            return schema.contains(name);
        }

        @Override
        public boolean hasRoutine(String name) {
            return schema.hasRoutine(name);
        }

        @Override
        public List<StatementInfo> triggers(String table) {
            return schema.triggerBodies(table).stream()
                    .map(b -> b.isBlank() ? StatementInfo.unanalysable(StatementKind.WRITE) : analyzer.analyze(b)).toList();
        }

        @Override
        public Optional<StatementInfo> view(String name) {
            return schema.viewDefinition(name).map(d -> d.isBlank() ? StatementInfo.unanalysable(StatementKind.READ) : analyzer.analyze(d));
        }
    };

    boolean schemaMayReload() {
        return schema.mayReload();
    }

    Future<Void> reloadSchema() {
        return vertx.executeBlocking(() -> {
            blockingSchemaReload.run();
            return null;
        }, false);
    }
}
