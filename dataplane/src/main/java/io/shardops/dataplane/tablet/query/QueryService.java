package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.mysql.BackendEndpoint;
import io.shardops.dataplane.mysql.BackendPool;
import io.shardops.dataplane.mysql.MysqlServer;
import io.shardops.dataplane.mysql.ServerConfig;
import io.shardops.dataplane.tablet.SchemaCache;
import io.shardops.dataplane.tablet.ServingControl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tablet's MySQL-protocol server: clients (the gateway, {@code mysql}, JDBC) connect to it as to
 * MariaDB; statements pass the {@link QueryRules} and go to the tablet's own MariaDB.
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
    private final StatementAnalyzer analyzer = new StatementAnalyzer();
    private final Map<Thread, BackendPool> pools = new ConcurrentHashMap<>();
    private final NetClient client;
    private MysqlServer server;

    /**
     * @param blockingSchemaReload reloads {@code schema} from MariaDB (blocking; run on a worker)
     * @param mysqld               the tablet's MariaDB, with the query service's account and the tablet's database
     */
    public QueryService(Vertx vertx, String tabletAlias, String database, ServingControl serving, SchemaCache schema,
                        Runnable blockingSchemaReload, BackendEndpoint mysqld) {
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
        ServerConfig config = ServerConfig.of(host, port, Authenticator.none());
        return MysqlServer.start(vertx, config, () -> new TabletSession(this, poolForThisLoop())).map(s -> {
            server = s;
            return this;
        });
    }

    public int port() {
        return server.port();
    }

    public Future<Void> close() {
        Future<Void> f = server == null ? Future.succeededFuture() : server.close();
        return f.andThen(ar -> {
            pools.values().forEach(BackendPool::close);
            client.close();
        });
    }

    private BackendPool poolForThisLoop() {
        return pools.computeIfAbsent(Thread.currentThread(), t -> new BackendPool(client, mysqld, POOL_SIZE_PER_LOOP));
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

    QueryRules.Verdict check(StatementInfo info) {
        return QueryRules.check(serving.get(), info, tabletAlias, database, schema::contains);
    }

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
