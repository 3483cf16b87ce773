package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.BackendEndpoint;
import io.shardops.dataplane.mysql.BackendPool;
import io.shardops.dataplane.mysql.MysqlError;
import io.vertx.core.net.NetClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Connection pools to tablets for one event loop; only that loop touches it. */
final class TabletPools {
    private final NetClient client;
    private final GatewayConfig config;
    private final Map<String, BackendPool> pools = new HashMap<>();
    private int roundRobin;

    TabletPools(NetClient client, GatewayConfig config) {
        this.client = client;
        this.config = config;
    }

    /** A pool to a serving tablet of the shard at the target's type. */
    BackendPool pool(RoutingSnapshot snapshot, ShardTarget target) {
        List<TabletEndpoint> tablets = snapshot.tablets(target.keyspace(), target.shard(), target.tabletType());
        if (tablets.isEmpty()) {
            throw MysqlError.unknown("no serving tablet for " + target.keyspace() + "/" + target.shard() + " of type "
                    + target.tabletType().word()).exception();
        }
        TabletEndpoint t = tablets.get(Math.floorMod(roundRobin++, tablets.size()));
        String key = t.host() + ":" + t.port() + "/" + t.database();
        return pools.computeIfAbsent(key, k -> new BackendPool(client,
                new BackendEndpoint(t.host(), t.port(), config.tabletUser(), config.tabletPassword(), t.database()), config.poolSize()));
    }

    void close() {
        pools.values().forEach(BackendPool::close);
        pools.clear();
    }
}
