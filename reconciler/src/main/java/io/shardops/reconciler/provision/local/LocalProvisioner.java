package io.shardops.reconciler.provision.local;

import io.shardops.reconciler.local.LocalCluster;
import io.shardops.reconciler.local.NodeApi;
import io.shardops.reconciler.local.NodeClient;
import io.shardops.reconciler.provision.Change;
import io.shardops.reconciler.provision.Endpoint;
import io.shardops.reconciler.provision.Provisioned;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.reconciler.provision.Provisioner;
import io.shardops.spec.Gateway;
import io.shardops.spec.GatewayTls;
import io.shardops.spec.TabletCounts;
import java.util.List;

/**
 * Provisions on this machine: the topology server is the local cluster's etcd, tablets and gateways
 * run in its node daemon. Each call is one request to the node, which does the work and persists it
 * in the state dir, so a restarted node brings the same tablets back.
 */
public final class LocalProvisioner implements Provisioner {
    private final LocalCluster cluster;
    private final NodeClient node;

    public LocalProvisioner(LocalCluster cluster) {
        this.cluster = cluster;
        this.node = cluster.nodeClient();
    }

    @Override
    public Provisioned<List<String>> ensureTopologyServer() {
        Change change = cluster.ensureEtcd();
        return new Provisioned<>(List.of(cluster.config().etcdEndpoint()), List.of(change));
    }

    @Override
    public Provisioned<List<Endpoint>> ensureGateways(String cell, Gateway gateway) {
        String usersFile = gateway.auth() == null ? null : gateway.auth().usersFile();
        String auth = gateway.auth() == null ? "none" : gateway.auth().type();
        GatewayTls tls = gateway.tls();
        if (tls != null) {
            // the node runs elsewhere: it gets absolute paths, resolved the way usersFile is
            tls = new GatewayTls(absolute(tls.certFile()), absolute(tls.keyFile()), tls.selfSigned(), tls.required());
        }
        NodeApi.GatewaysResult r = node.ensureGateways(new NodeApi.EnsureGateways(cell, gateway.replicas(), gateway.mysqlPort(),
                auth, absolute(usersFile), tls, gateway.limits()));
        return new Provisioned<>(r.endpoints(), r.changes());
    }

    private static String absolute(String file) {
        return file == null ? null : java.nio.file.Path.of(file).toAbsolutePath().toString();
    }

    @Override
    public Provisioned<Void> removeGateways(String cell) {
        return new Provisioned<>(null, node.removeGateways(new NodeApi.CellGateways(cell)).changes());
    }

    @Override
    public Provisioned<List<ProvisionedTablet>> ensureTablets(String keyspace, String shard, String cell, TabletCounts counts) {
        NodeApi.TabletsResult r = node.ensureTablets(new NodeApi.EnsureTablets(keyspace, shard, cell, counts.replica(), counts.rdonly()));
        return new Provisioned<>(r.tablets(), r.changes());
    }

    @Override
    public Provisioned<Void> removeTablets(String keyspace, String shard, String cell) {
        return new Provisioned<>(null, node.removeTablets(new NodeApi.ShardTablets(keyspace, shard, cell)).changes());
    }

    @Override
    public Provisioned<Void> removeShardVolumes(String keyspace, String shard, String cell) {
        return new Provisioned<>(null, node.purgeTablets(new NodeApi.ShardTablets(keyspace, shard, cell)).changes());
    }
}
