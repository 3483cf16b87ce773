package io.shardops.reconciler.provision.local;

import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.NodeApi;
import io.shardops.reconciler.host.local.NodeClient;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.Endpoint;
import io.shardops.reconciler.provision.Provisioned;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.reconciler.provision.Provisioner;
import io.shardops.spec.Auth;
import io.shardops.spec.Gateway;
import io.shardops.spec.GatewayTls;
import io.shardops.spec.TabletCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Provisions on this machine: the topology server is the local cluster's etcd, tablets and gateways
 * run in its node daemon. Each call is one request to the node, which does the work and persists it
 * in the state dir, so a restarted node brings the same tablets back.
 *
 * <p>A cluster over several hosts (its etcd given by {@code --etcd-endpoints}) instead places its work on
 * the nodes registered in etcd ({@link HostNodes}): a shard's tablets spread over the nodes that take
 * tablets, gateways on every node that takes gateways.
 */
public final class LocalProvisioner implements Provisioner {
    private final LocalCluster cluster;
    private final NodeClient node;
    /** Present for a cluster over several hosts. */
    private final HostNodes hosts;

    public LocalProvisioner(LocalCluster cluster) {
        this.cluster = cluster;
        this.node = cluster.nodeClient();
        this.hosts = cluster.config().externalEtcd() ? new HostNodes(cluster) : null;
    }

    /** The state dir of the cluster this provisioner runs tablets for (its default backup location is in it). */
    public StateDir stateDir() {
        return cluster.stateDir();
    }

    @Override
    public Provisioned<List<String>> ensureTopologyServer() {
        ProvisionedObject change = cluster.ensureEtcd();
        return new Provisioned<>(List.of(cluster.config().etcdEndpoint()), List.of(change));
    }

    @Override
    public Provisioned<List<Endpoint>> ensureGateways(String cell, Gateway gateway) {
        String auth = gateway.auth() == null ? "none" : gateway.auth().type();
        String usersFile = "static".equals(auth) ? writeUsers(cell, gateway.auth()).toString() : null;
        GatewayTls tls = gateway.tls();
        if (tls != null && !tls.selfSigned()) {
            tls = new GatewayTls(located(cell, "certFile", tls.certFile(), tls.certPath()), located(cell, "keyFile", tls.keyFile(), tls.keyPath()),
                    false, tls.required());
        }
        NodeApi.EnsureGateways request = new NodeApi.EnsureGateways(cell, gateway.replicas(), gateway.mysqlPort(),
                auth, usersFile, tls, gateway.limits());
        if (hosts != null) {
            return hosts.ensureGateways(n -> n.ensureGateways(request));
        }
        NodeApi.GatewaysResult r = node.ensureGateways(request);
        return new Provisioned<>(r.endpoints(), r.changes());
    }

    /** The node runs elsewhere: it gets the absolute path the spec loader found inside the spec's root. */
    private static String located(String cell, String field, String written, Path found) {
        if (written == null) {
            return null;
        }
        if (found == null) {
            throw new IllegalStateException("cell " + cell + ": gateway tls." + field + " '" + written
                    + "' was not found inside the spec's folder; put it there (relative to the spec file) or use tls.selfSigned, and run again");
        }
        return found.toString();
    }

    /**
     * The users the spec loader read inside the spec's root (never a path against the working directory,
     * and the same whether the spec came from a folder or a commit), written for the gateway into the
     * state dir, readable by its owner only.
     */
    private Path writeUsers(String cell, Auth auth) {
        if (auth.usersJson() == null) {
            throw new IllegalStateException("cell " + cell + ": gateway auth is static but its usersFile '" + auth.usersFile()
                    + "' was not found inside the spec's folder; put the users file there (relative to the spec file) and run again");
        }
        Path dir = cluster.stateDir().root().resolve("gateway-users");
        Path file = dir.resolve(cell + ".json");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, cell, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, auth.usersJson());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the gateway users of cell " + cell + " to " + file, e);
        }
    }

    @Override
    public Provisioned<Void> removeGateways(String cell) {
        if (hosts != null) {
            return hosts.removeGateways(cell);
        }
        return new Provisioned<>(null, node.removeGateways(new NodeApi.CellGateways(cell)).changes());
    }

    @Override
    public Provisioned<List<ProvisionedTablet>> ensureTablets(String keyspace, String shard, String cell, TabletCounts counts) {
        if (hosts != null) {
            return hosts.ensureTablets(keyspace, shard, cell, counts);
        }
        NodeApi.TabletsResult r = node.ensureTablets(new NodeApi.EnsureTablets(keyspace, shard, cell, counts.replica(), counts.rdonly()));
        return new Provisioned<>(r.tablets(), r.changes());
    }

    @Override
    public Provisioned<List<ProvisionedTablet>> rebuildTablet(String keyspace, String shard, String cell, String alias) {
        if (hosts != null) {
            // the shard's placement over the nodes would have to move the tablet too: not done yet
            return Provisioner.super.rebuildTablet(keyspace, shard, cell, alias);
        }
        NodeApi.TabletsResult r = node.rebuildTablet(new NodeApi.RebuildTablet(keyspace, shard, cell, alias));
        return new Provisioned<>(r.tablets(), r.changes());
    }

    @Override
    public Provisioned<Void> removeTablets(String keyspace, String shard, String cell) {
        if (hosts != null) {
            return hosts.removeTablets(keyspace, shard, cell, false);
        }
        return new Provisioned<>(null, node.removeTablets(new NodeApi.ShardTablets(keyspace, shard, cell)).changes());
    }

    @Override
    public Provisioned<Void> removeShardVolumes(String keyspace, String shard, String cell) {
        if (hosts != null) {
            return hosts.removeTablets(keyspace, shard, cell, true);
        }
        return new Provisioned<>(null, node.purgeTablets(new NodeApi.ShardTablets(keyspace, shard, cell)).changes());
    }
}
