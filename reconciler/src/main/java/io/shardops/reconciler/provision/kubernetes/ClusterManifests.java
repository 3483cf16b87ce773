package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.Gateway;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Shard;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes objects of one cluster, computed purely from its spec and the
 * {@link KubernetesOptions}: no client, no cluster needed. {@code shardops render} prints
 * {@link #render}; the {@link KubernetesProvisioner} applies the same pieces one call at a time.
 */
public final class ClusterManifests {
    private final ManifestContext ctx;
    private final TabletPoolManifest tablets;
    private final GatewayManifest gateways;
    private final EtcdManifest etcd;
    private final ReconcilerManifest reconciler;
    private final FailoverMonitorManifest failoverMonitor;

    public ClusterManifests(String clusterName, KubernetesOptions options) {
        this.ctx = new ManifestContext(new Names(clusterName), options);
        this.tablets = new TabletPoolManifest(ctx);
        this.gateways = new GatewayManifest(ctx);
        this.etcd = new EtcdManifest(ctx);
        this.reconciler = new ReconcilerManifest(ctx);
        this.failoverMonitor = new FailoverMonitorManifest(ctx);
    }

    /**
     * Every object of {@code cluster}, in a stable order: root, reconciler, etcd, tablets'
     * Service, then per cell its gateways and, keyspace by keyspace and shard by shard in spec
     * order, the replica and rdonly pools (a pool of 0 is kept, at 0 pods, so applying a
     * shrunk spec scales it down). Rendered objects carry no owner references: those need the
     * root's uid, which only the API server knows.
     *
     * @throws ManifestException when a keyspace cannot be laid out (its name too long or not label-safe), or the
     *                           spec says what cannot run on Kubernetes ({@link KubernetesSpecChecks}: the first)
     */
    public static List<HasMetadata> render(Cluster cluster, KubernetesOptions options) {
        KubernetesSpecChecks.problems(cluster).stream().findFirst().ifPresent(p -> {
            throw new ManifestException(p.location(), p.message() + "; " + p.hint());
        });
        ClusterManifests m = new ClusterManifests(cluster.name(), options);
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(m.root());
        objects.add(m.internalPolicy());
        objects.addAll(m.reconciler());
        objects.addAll(m.failoverMonitor(cluster));
        objects.addAll(m.etcd());
        objects.add(m.tabletsService());
        for (Cell cell : cluster.cells()) {
            objects.addAll(m.gateways(cell.name(), cell.gateway()));
            for (Keyspace keyspace : cluster.keyspaces()) {
                try {
                    for (Shard shard : keyspace.shards()) {
                        objects.add(m.tabletPool(cell.name(), keyspace.name(), shard.name(), TabletType.REPLICA, shard.tablets().replica()));
                        objects.add(m.tabletPool(cell.name(), keyspace.name(), shard.name(), TabletType.RDONLY, shard.tablets().rdonly()));
                    }
                } catch (IllegalArgumentException e) {
                    throw new ManifestException(keyspace.location(), e.getMessage());
                }
            }
        }
        return objects;
    }

    public Names names() {
        return ctx.names();
    }

    public KubernetesOptions options() {
        return ctx.options();
    }

    /**
     * The root object: deleting it deletes everything the provisioner created (but not the data
     * volumes). Its data names the cluster and its topology server and holds the options, which a
     * reconciler inside the cluster reads back ({@link KubernetesProvisioner#inCluster}).
     */
    public ConfigMap root() {
        return new ConfigMapBuilder()
                .withMetadata(ctx.meta(ctx.names().root(), ctx.names().labels(Names.COMPONENT_CLUSTER)))
                .addToData("cluster", ctx.names().cluster())
                .addToData("topology", String.join(",", ctx.etcdEndpoints()))
                .addToData(ctx.options().toData())
                .build();
    }

    /** Only this cluster's pods reach its tablets and etcd. */
    public NetworkPolicy internalPolicy() {
        return InternalNetworkPolicy.of(ctx, TabletPoolManifest.QUERY_PORT);
    }

    /**
     * The Secret holding {@code credentials}; not part of {@link #render}, whose output is applied again on
     * every change: the provisioner creates it once, or create it yourself (docs/security/credentials.md).
     */
    public Secret credentialsSecret(ClusterCredentials credentials) {
        return CredentialsSecret.secret(ctx, credentials);
    }

    public List<HasMetadata> reconciler() {
        return reconciler.objects();
    }

    /**
     * The failover monitor's Deployment and the NetworkPolicy that closes its pod; with a backup policy also the
     * ConfigMap of that policy, whose schedule and binlog archive the same pod runs.
     */
    public List<HasMetadata> failoverMonitor(Cluster cluster) {
        return failoverMonitor.objects(cluster);
    }

    public List<HasMetadata> etcd() {
        return etcd.objects();
    }

    public List<String> etcdEndpoints() {
        return ctx.etcdEndpoints();
    }

    public Service tabletsService() {
        return tablets.tabletsService();
    }

    public List<HasMetadata> gateways(String cell, Gateway gateway) {
        return gateways.objects(cell, gateway);
    }

    public StatefulSet tabletPool(String cell, String keyspace, String shard, TabletType type, int replicas) {
        return tablets.pool(cell, keyspace, shard, type, replicas);
    }

    /** Where ordinal {@code n} of a pool is reached inside the cluster. */
    public String tabletHost(String cell, String keyspace, String shard, TabletType type, int ordinal) {
        return tablets.podHost(ctx.names().tabletPool(cell, keyspace, shard, type), ordinal);
    }
}
