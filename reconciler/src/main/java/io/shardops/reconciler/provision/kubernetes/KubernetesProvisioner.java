package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.Endpoint;
import io.shardops.reconciler.provision.Provisioned;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.reconciler.provision.Provisioner;
import io.shardops.spec.Gateway;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Provisions a cluster as Kubernetes objects in one namespace, by server-side apply of the
 * objects {@link ClusterManifests} computes (field manager {@value #FIELD_MANAGER}). Every
 * object it creates is owned by the cluster's root ConfigMap, so deleting that root deletes
 * the gateways, tablets and etcd; tablet data volumes are not owned and stay until
 * {@link #removeShardVolumes}.
 *
 * <p>It does not wait for pods to become ready: the apply executor waits on the tablets'
 * health, which is where readiness is decided.
 */
public final class KubernetesProvisioner implements Provisioner {
    public static final String FIELD_MANAGER = "shardops";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** How objects are written. */
    public enum WriteMode {
        /** Server-side apply: the API server merges and records {@value #FIELD_MANAGER} as the owner of each field. */
        SERVER_SIDE_APPLY,
        /**
         * Create, or replace the existing object whole: for API servers without server-side apply,
         * such as fabric8's mock server that the unit tests run against. Not for real clusters: a
         * replace drops fields the server filled in (a Service's cluster IP).
         */
        CREATE_OR_REPLACE
    }

    private final KubernetesClient client;
    private final ClusterManifests manifests;
    private final WriteMode writeMode;
    private OwnerReference owner;

    public KubernetesProvisioner(KubernetesClient client, String clusterName, KubernetesOptions options) {
        this(client, clusterName, options, WriteMode.SERVER_SIDE_APPLY);
    }

    public KubernetesProvisioner(KubernetesClient client, String clusterName, KubernetesOptions options, WriteMode writeMode) {
        this.client = Objects.requireNonNull(client, "client");
        this.manifests = new ClusterManifests(clusterName, options);
        this.writeMode = Objects.requireNonNull(writeMode, "writeMode");
    }

    /**
     * The provisioner a reconciler running in a pod uses: the client configures itself from the
     * pod's service account, and the options are the ones the cluster's root ConfigMap recorded
     * when it was rendered or first provisioned ({@code namespace} is where to look; the defaults
     * apply when there is no root yet).
     */
    public static KubernetesProvisioner inCluster(String clusterName, String namespace) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        var root = client.configMaps().inNamespace(namespace).withName(new Names(clusterName).root()).get();
        KubernetesOptions options = root == null || root.getData() == null
                ? KubernetesOptions.DEFAULT.withNamespace(namespace)
                : KubernetesOptions.fromData(root.getData()).withNamespace(namespace);
        return new KubernetesProvisioner(client, clusterName, options);
    }

    @Override
    public Provisioned<List<String>> ensureTopologyServer() {
        List<ProvisionedObject> changes = new ArrayList<>();
        ensureRoot(changes);
        for (HasMetadata object : manifests.etcd()) {
            changes.add(apply(object));
        }
        return new Provisioned<>(manifests.etcdEndpoints(), changes);
    }

    @Override
    public Provisioned<List<Endpoint>> ensureGateways(String cell, Gateway gateway) {
        List<ProvisionedObject> changes = new ArrayList<>();
        ensureRoot(changes);
        for (HasMetadata object : manifests.gateways(cell, gateway)) {
            changes.add(apply(object));
        }
        String host = manifests.names().gateway(cell) + "." + namespace() + ".svc";
        return new Provisioned<>(List.of(new Endpoint(host, gateway.mysqlPort())), changes);
    }

    @Override
    public Provisioned<Void> removeGateways(String cell) {
        String name = manifests.names().gateway(cell);
        List<ProvisionedObject> changes = new ArrayList<>();
        delete(Deployment.class, name).ifPresent(changes::add);
        delete(Service.class, name).ifPresent(changes::add);
        return new Provisioned<>(null, changes);
    }

    @Override
    public Provisioned<List<ProvisionedTablet>> ensureTablets(String keyspace, String shard, String cell, TabletCounts counts) {
        List<ProvisionedObject> changes = new ArrayList<>();
        ensureRoot(changes);
        changes.add(apply(manifests.tabletsService()));
        List<ProvisionedTablet> tablets = new ArrayList<>();
        for (TabletType type : List.of(TabletType.REPLICA, TabletType.RDONLY)) {
            int count = type == TabletType.REPLICA ? counts.replica() : counts.rdonly();
            changes.add(apply(manifests.tabletPool(cell, keyspace, shard, type, count)));
            long uidBase = manifests.names().tabletUidBase(cell, keyspace, shard, type);
            for (int ordinal = 0; ordinal < count; ordinal++) {
                String host = manifests.tabletHost(cell, keyspace, shard, type, ordinal);
                tablets.add(new ProvisionedTablet(ProvisionedTablet.alias(cell, uidBase + ordinal), cell, keyspace, shard, type,
                        new Endpoint(host, TabletPoolManifest.MYSQL_PORT), new Endpoint(host, TabletPoolManifest.MANAGER_PORT)));
            }
        }
        return new Provisioned<>(tablets, changes);
    }

    @Override
    public Provisioned<Void> removeTablets(String keyspace, String shard, String cell) {
        List<ProvisionedObject> changes = new ArrayList<>();
        for (TabletType type : List.of(TabletType.REPLICA, TabletType.RDONLY)) {
            delete(StatefulSet.class, manifests.names().tabletPool(cell, keyspace, shard, type)).ifPresent(changes::add);
        }
        return new Provisioned<>(null, changes);
    }

    @Override
    public Provisioned<Void> removeShardVolumes(String keyspace, String shard, String cell) {
        List<ProvisionedObject> changes = new ArrayList<>();
        var claims = client.persistentVolumeClaims().inNamespace(namespace())
                .withLabels(manifests.names().shardSelector(cell, keyspace, shard)).list().getItems();
        claims.stream()
                .map(c -> c.getMetadata().getName())
                .sorted()
                .forEach(name -> delete(PersistentVolumeClaim.class, name).ifPresent(changes::add));
        return new Provisioned<>(null, changes);
    }

    private String namespace() {
        return manifests.options().namespace();
    }

    /**
     * The root object, applied (and its uid read) on every call rather than remembered: if someone
     * deleted the cluster's root meanwhile, a remembered uid would make the garbage collector
     * delete everything this call creates.
     */
    private void ensureRoot(List<ProvisionedObject> changes) {
        var root = manifests.root();
        changes.add(applyUnowned(root));
        var live = client.configMaps().inNamespace(namespace()).withName(root.getMetadata().getName()).require();
        owner = new OwnerReferenceBuilder()
                .withApiVersion("v1").withKind("ConfigMap")
                .withName(live.getMetadata().getName()).withUid(live.getMetadata().getUid())
                .build();
        ensureCredentials().ifPresent(changes::add);
        changes.add(apply(manifests.internalPolicy()));
    }

    /**
     * Creates the cluster's credentials Secret with fresh random values when it does not exist; an existing
     * one is never replaced, since the running pods and MariaDB data hold its passwords. It outlives the
     * cluster's root object, as the data volumes do.
     */
    private Optional<ProvisionedObject> ensureCredentials() {
        String name = manifests.names().credentialsSecret();
        if (client.secrets().inNamespace(namespace()).withName(name).get() != null) {
            return Optional.empty();
        }
        // not owned by the root, like the data volumes: MariaDB data kept after the cluster is deleted holds these passwords
        var secret = manifests.credentialsSecret(ClusterCredentials.generate());
        client.resource(secret).create();
        return Optional.of(change(ProvisionedObject.Effect.CREATED, secret));
    }

    private ProvisionedObject apply(HasMetadata object) {
        object.getMetadata().setOwnerReferences(List.of(owner));
        return applyUnowned(object);
    }

    private ProvisionedObject applyUnowned(HasMetadata desired) {
        HasMetadata live = client.resource(desired).get();
        HasMetadata after = switch (writeMode) {
            case SERVER_SIDE_APPLY -> client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            case CREATE_OR_REPLACE -> live == null
                    ? client.resource(desired).create()
                    : client.resource(desired).unlock().update();
        };
        if (live == null) {
            return change(ProvisionedObject.Effect.CREATED, desired);
        }
        return change(sameContent(live, after) ? ProvisionedObject.Effect.UNCHANGED : ProvisionedObject.Effect.UPDATED, desired);
    }

    private <T extends HasMetadata> Optional<ProvisionedObject> delete(Class<T> type, String name) {
        var resource = client.resources(type).inNamespace(namespace()).withName(name);
        T live = resource.get();
        if (live == null) {
            return Optional.empty();
        }
        resource.delete();
        return Optional.of(change(ProvisionedObject.Effect.DELETED, live));
    }

    private static ProvisionedObject change(ProvisionedObject.Effect effect, HasMetadata object) {
        return new ProvisionedObject(effect, object.getKind(), object.getMetadata().getName());
    }

    /** Equal but for what the server stamps on every write (versions, timestamps, field owners, status). */
    private static boolean sameContent(HasMetadata before, HasMetadata after) {
        return comparable(before).equals(comparable(after));
    }

    private static JsonNode comparable(HasMetadata object) {
        ObjectNode tree = (ObjectNode) SERIALIZATION.convertValue(object, JsonNode.class);
        tree.remove("status");
        if (tree.get("metadata") instanceof ObjectNode meta) {
            meta.remove(List.of("resourceVersion", "managedFields", "generation", "creationTimestamp", "uid", "selfLink"));
        }
        return tree;
    }
}
