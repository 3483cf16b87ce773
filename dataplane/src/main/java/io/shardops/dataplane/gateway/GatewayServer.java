package io.shardops.dataplane.gateway;

import io.shardops.dataplane.gateway.buffer.QueryBuffer;
import io.shardops.dataplane.mysql.ConnectionGate;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.MysqlServer;
import io.shardops.dataplane.mysql.CapabilityFlags;
import io.shardops.dataplane.mysql.ServerConfig;
import io.shardops.dataplane.mysql.Session;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MySQL-protocol gateway: accepts clients, routes each statement by the current
 * {@link RoutingSnapshot}, and talks to tablets over the MySQL protocol with per-event-loop pools.
 *
 * <pre>
 *   GatewayServer gw = GatewayServer.start(vertx, GatewayConfig.of("127.0.0.1", 15306, Authenticator.none(), "user", "pw"), snapshot)
 *                       .await();
 *   gw.updateRouting(newSnapshot);   // whenever the topology changes
 *   gw.close();
 * </pre>
 */
public final class GatewayServer {
    private final GatewayConfig config;
    private final NetClient client;
    private final Map<Context, TabletPools> pools = new ConcurrentHashMap<>();
    private final Map<Route.SequenceRef, SequenceCache> sequences = new ConcurrentHashMap<>();
    private volatile RoutingSnapshot routing;
    private final ShapeRoutes shapes = new ShapeRoutes();
    private final QueryBuffer buffer = QueryBuffer.standard();
    private MysqlServer server;
    /** Open client sessions by the connection id their handshake gave them: what KILL names. */
    private final Map<Long, GatewaySession> sessions = new ConcurrentHashMap<>();

    private GatewayServer(Vertx vertx, GatewayConfig config, RoutingSnapshot routing) {
        this.config = config;
        this.routing = routing;
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5000));
    }

    public static Future<GatewayServer> start(Vertx vertx, GatewayConfig config, RoutingSnapshot initial) {
        GatewayServer gw = new GatewayServer(vertx, config, initial);
        // LOCAL INFILE: the gateway itself reads the file from the client (LoadDataLocal) and never forwards the exchange
        ServerConfig sc = ServerConfig.of(config.host(), config.port(), config.authenticator()).withInstances(config.instances())
                .withCapabilities(CapabilityFlags.SERVER_DEFAULT | CapabilityFlags.CLIENT_LOCAL_FILES)
                .withLimits(config.limits()).withTls(config.tls());
        return MysqlServer.start(vertx, sc, () -> {
            Context ctx = Vertx.currentContext();
            TabletPools p = gw.pools.computeIfAbsent(ctx, c -> new TabletPools(gw.client, config));
            return new GatewaySession(gw, p);
        }).map(s -> {
            gw.server = s;
            return gw;
        });
    }

    /** Routes new statements by {@code snapshot} from now on (statements already routed finish as they were). */
    public void updateRouting(RoutingSnapshot snapshot) {
        this.routing = snapshot;
        for (TabletEndpoint demoted : primaries.replaced(snapshot)) {
            String reason = "lost connection to backend " + demoted.alias() + ": it is no longer its shard's primary (failover)";
            pools.forEach((context, tabletPools) -> context.runOnContext(v -> tabletPools.abandon(context.owner(), demoted, reason)));
        }
    }

    /** The primary of every shard last seen, to tell when a failover replaced one. */
    private final ShardPrimaries primaries = new ShardPrimaries();

    /** Holds statements refused while a move switches primary traffic, until the routing changes. */
    public QueryBuffer buffer() {
        return buffer;
    }

    public RoutingSnapshot routing() {
        return routing;
    }

    ShapeRoutes shapes() {
        return shapes;
    }

    public int port() {
        return server.port();
    }

    /** Client connections, packet memory in flight and failed logins, as the connection layer counts them. */
    public ConnectionGate connections() {
        return server.gate();
    }

    void register(long connectionId, GatewaySession session) {
        sessions.put(connectionId, session);
    }

    void unregister(long connectionId, GatewaySession session) {
        sessions.remove(connectionId, session);
    }

    /**
     * KILL from {@code killer}'s session: stops what session {@code connectionId} runs on its backends and, for
     * KILL CONNECTION, ends it. Completes on any thread.
     */
    Future<Void> kill(Session killer, long connectionId, boolean queryOnly) {
        GatewaySession victim = sessions.get(connectionId);
        if (victim == null) {
            return Future.failedFuture(new MysqlError(MysqlError.ER_NO_SUCH_THREAD,
                    "HY000", "Unknown thread id: " + connectionId).exception());
        }
        if (!victim.user().equals(killer.user())) {
            return Future.failedFuture(new MysqlError(MysqlError.ER_KILL_DENIED,
                    "HY000", "You are not owner of thread " + connectionId).exception());
        }
        return victim.kill(queryOnly);
    }

    SequenceCache sequence(Route.SequenceRef ref) {
        return sequences.computeIfAbsent(ref, r -> new SequenceCache());
    }

    public Future<Void> close() {
        return server.close().andThen(ar -> client.close());
    }
}
