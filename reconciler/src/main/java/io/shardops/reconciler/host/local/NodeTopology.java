package io.shardops.reconciler.host.local;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.tablet.PrimaryGate;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.reconciler.topo.EtcdCredentials;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyJson;
import io.shardops.reconciler.topo.TopologyWriter;
import java.util.Optional;

/** The node's view of the topology server: where its tablets register and what its gateways route by. */
final class NodeTopology implements TabletRegistry, AutoCloseable {
    private final LocalConfig config;
    private final TopoStore store;
    private final TopologyWriter writer;
    private final RoutingFollower routing;

    private NodeTopology(LocalConfig config, TopoStore store) {
        this.config = config;
        this.store = store;
        this.writer = new TopologyWriter(store, config.cluster());
        this.routing = new RoutingFollower(store, config.cluster());
    }

    static NodeTopology connect(LocalConfig config, ClusterCredentials credentials) {
        NodeTopology t = new NodeTopology(config, EtcdTopoStore.connect(config.etcdEndpoint(),
                Optional.of(EtcdCredentials.of(credentials))));
        t.routing.start();
        return t;
    }

    /** Records this node in the cluster's node directory, so provisioners on any host place work on it. */
    void registerNode(NodeRecord node) {
        new NodeDirectory(store, config.cluster()).register(node);
    }

    RoutingFollower routing() {
        return routing;
    }

    String cluster() {
        return config.cluster();
    }

    @Override
    public void register(TabletRecord record) {
        writer.putTablet(record);
    }

    @Override
    public void deregister(String cell, String alias) {
        writer.deleteTablet(cell, alias);
    }

    /**
     * Fencing: a tablet that was primary takes writes again only while its shard's record still names it; a
     * topology that cannot be read says no, so a primary cut off from etcd comes back read-only.
     */
    @Override
    public PrimaryGate primaryGate() {
        return identity -> {
            try {
                return store.get(writer.keys().shard(identity.keyspace(), identity.shard()))
                        .map(v -> TopologyJson.SHARD.decode(v.key(), v.value()))
                        .map(s -> identity.alias().toString().equals(s.primaryAlias()))
                        .orElse(false);
            } catch (RuntimeException e) {
                return false;
            }
        };
    }

    TopoStore store() {
        return store;
    }

    @Override
    public void close() {
        routing.close();
        store.close();
    }
}
