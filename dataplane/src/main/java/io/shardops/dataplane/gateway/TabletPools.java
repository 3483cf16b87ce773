package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.BackendConnection;
import io.shardops.dataplane.mysql.BackendEndpoint;
import io.shardops.dataplane.mysql.BackendPool;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.QueryConnection;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Connection pools to tablets for one event loop; only that loop touches it. A tablet in this JVM
 * gets a pool of in-process sessions, any other a pool of MySQL protocol connections.
 */
final class TabletPools {
    private final NetClient client;
    private final GatewayConfig config;
    /** Keyed by host:port/database, or by the in-process service and database (a restarted tablet is a new service). */
    private final Map<Object, BackendPool<QueryConnection>> pools = new HashMap<>();

    static final long ABANDON_GRACE_MS = 1_000;

    private record InProcessKey(TabletEndpoint.InProcess service, String database) {}
    private int roundRobin;

    TabletPools(NetClient client, GatewayConfig config) {
        this.client = client;
        this.config = config;
    }

    /** The pool of the last shard asked for, when one tablet serves it: a session's statements mostly go to one shard. */
    private List<TabletEndpoint> lastTablets;
    private BackendPool<QueryConnection> lastPool;

    /** A pool to a serving tablet of the shard at the target's type. */
    BackendPool<QueryConnection> pool(RoutingSnapshot snapshot, ShardTarget target) {
        List<TabletEndpoint> tablets = snapshot.tablets(target.keyspace(), target.shard(), target.tabletType());
        if (tablets == lastTablets) {
            return lastPool;  // the snapshot's own list, so the same tablet (round robin needs more than one)
        }
        if (tablets.isEmpty()) {
            throw MysqlError.unknown("no serving tablet for " + target.keyspace() + "/" + target.shard() + " of type "
                    + target.tabletType().word()).exception();
        }
        TabletEndpoint t = tablets.get(Math.floorMod(roundRobin++, tablets.size()));
        Object key = t.inProcess() != null ? new InProcessKey(t.inProcess(), t.database()) : t.host() + ":" + t.port() + "/" + t.database();
        BackendPool<QueryConnection> pool = pools.get(key);
        if (pool == null) {
            pool = t.inProcess() != null
                    ? new BackendPool<>("tablet " + t.alias() + " in process", () -> t.inProcess().open(t.database()), config.poolSize())
                    : tcpPool(new BackendEndpoint(t.host(), t.port(), config.tabletUser(), config.tabletPassword(), t.database()));
            pools.put(key, pool);
        }
        if (tablets.size() == 1) {
            lastTablets = tablets;
            lastPool = pool;
        }
        return pool;
    }

    private BackendPool<QueryConnection> tcpPool(BackendEndpoint endpoint) {
        return new BackendPool<>(endpoint.toString(), () -> BackendConnection.connect(client, endpoint).map(c -> c), config.poolSize());
    }

    /**
     * Drops the pools to {@code tablet} (called on this loop): no new statement goes there, and one still in flight
     * after {@value #ABANDON_GRACE_MS} ms is ended with {@code reason}. The grace lets a planned reparent's
     * statements finish: there the old primary stopped taking writes before the routing changed.
     */
    void abandon(Vertx vertx, TabletEndpoint tablet, String reason) {
        String tcp = tablet.host() + ":" + tablet.port() + "/";
        pools.entrySet().removeIf(e -> {
            boolean its = e.getKey() instanceof InProcessKey k ? k.service() == tablet.inProcess()
                    : tablet.inProcess() == null && e.getKey().toString().startsWith(tcp);
            if (its) {
                BackendPool<QueryConnection> pool = e.getValue();
                pool.close();
                vertx.setTimer(ABANDON_GRACE_MS, id -> pool.abandon(reason));
            }
            return its;
        });
        lastTablets = null;
        lastPool = null;
    }

    void close() {
        pools.values().forEach(BackendPool::close);
        pools.clear();
        lastTablets = null;
        lastPool = null;
    }
}
