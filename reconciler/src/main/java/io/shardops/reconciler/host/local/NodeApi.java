package io.shardops.reconciler.host.local;

import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.Endpoint;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.spec.GatewayLimits;
import io.shardops.spec.GatewayTls;
import io.shardops.spec.TabletType;
import java.util.List;

/**
 * The node daemon's HTTP API on 127.0.0.1, as JSON bodies. Paths:
 * {@code POST /tablets/ensure} ({@link EnsureTablets} → {@link TabletsResult}),
 * {@code POST /tablets/rebuild} ({@link RebuildTablet} → {@link TabletsResult}),
 * {@code POST /tablets/remove} and {@code POST /tablets/purge} ({@link ShardTablets} → {@link TabletsResult}),
 * {@code POST /gateways/ensure} ({@link EnsureGateways} → {@link GatewaysResult}),
 * {@code POST /gateways/remove} ({@link CellGateways} → {@link GatewaysResult}),
 * {@code GET /health} ({@link Health}), {@code GET /status} ({@link NodeStatus}).
 * An error answers 4xx/5xx with {@link Failure}. Every path but {@code /health} needs the cluster's control
 * token ({@code Authorization: Bearer ...}); without it the answer is 401 and nothing is done.
 */
public final class NodeApi {
    private NodeApi() {}

    /**
     * @param placed null: the node decides its tablets from the counts; otherwise exactly these tablets of the
     *               shard run on this node (several hosts: the provisioner placed them), the counts unused
     */
    public record EnsureTablets(String keyspace, String shard, String cell, int replica, int rdonly, List<PlacedTablet> placed) {
        public EnsureTablets(String keyspace, String shard, String cell, int replica, int rdonly) {
            this(keyspace, shard, cell, replica, rdonly, null);
        }
    }

    /** One tablet a node is told to run: its uid (unique in the cluster) and the pool it counts against. */
    public record PlacedTablet(int uid, TabletType poolType) {}

    public record ShardTablets(String keyspace, String shard, String cell) {}

    /** {@code POST /tablets/rebuild} ({@link TabletsResult}: the replacement): replace lost tablet {@code alias} (docs/replace.md). */
    public record RebuildTablet(String keyspace, String shard, String cell, String alias) {}

    public record TabletsResult(List<ProvisionedTablet> tablets, List<ProvisionedObject> changes) {}

    /**
     * @param usersFile for auth {@code static}: absolute path of the users file; null otherwise
     * @param tls       TLS for clients with absolute file paths, or null for none
     * @param limits    what clients may hold; null for the defaults
     */
    public record EnsureGateways(String cell, int replicas, int mysqlPort, String auth, String usersFile,
                                 GatewayTls tls, GatewayLimits limits) {
        public EnsureGateways(String cell, int replicas, int mysqlPort, String auth, String usersFile) {
            this(cell, replicas, mysqlPort, auth, usersFile, null, null);
        }
    }

    public record CellGateways(String cell) {}

    public record GatewaysResult(List<Endpoint> endpoints, List<ProvisionedObject> changes) {}

    public record Health(String status, long pid, String cluster, String etcd) {}

    /** One tablet as the node sees it; {@code state} is {@code SERVING}, {@code NOT_SERVING}, {@code STARTING}, {@code STOPPED} or {@code FAILED: ...}. */
    public record TabletView(String alias, String keyspace, String shard, String cell, String type, String state,
                             int mysqlPort, int queryPort, int managerPort, String mysqld, long replicationLagSeconds,
                             String replicationError) {}

    public record GatewayView(String cell, int index, int mysqlPort, String auth) {}

    public record NodeStatus(long pid, String cluster, String etcd, List<TabletView> tablets, List<GatewayView> gateways) {}

    public record Failure(String error) {}
}
