package io.shardops.reconciler.provision.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.Provisioned;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.spec.Gateway;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provisioner against fabric8's mock API server in CRUD mode: it stores what is written and
 * answers reads, but runs no controllers (no pods, no claims appear by themselves). The mock
 * server does not implement server-side apply, so the provisioner writes with create-or-replace
 * here; server-side apply itself is exercised by {@link KubernetesProvisionerK3sIT}.
 * One server for the class; each test works in a namespace of its own.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesProvisionerTest {
    private static final AtomicInteger TESTS = new AtomicInteger();
    static KubernetesClient client;
    String NS;
    KubernetesProvisioner provisioner;

    @BeforeEach
    void setUp() {
        NS = "shardops-test-" + TESTS.incrementAndGet();
        provisioner = newProvisioner();
    }

    private KubernetesProvisioner newProvisioner() {
        return new KubernetesProvisioner(client, "demo", KubernetesOptions.DEFAULT.withNamespace(NS), KubernetesProvisioner.WriteMode.CREATE_OR_REPLACE);
    }

    @Test
    void applyingTwiceChangesNothingTheSecondTime() {
        var first = provisionPhase101(provisioner);
        assertTrue(first.stream().flatMap(p -> p.changes().stream()).anyMatch(c -> c.effect() == ProvisionedObject.Effect.CREATED));

        var again = newProvisioner();
        var second = provisionPhase101(again);
        for (Provisioned<?> p : second) {
            assertTrue(p.unchanged(), "second apply changed something: " + p.changes());
        }
        assertEquals(Set.of("demo-zone1-commerce-0-replica", "demo-zone1-commerce-0-rdonly", "demo-etcd"),
                names(client.apps().statefulSets().inNamespace(NS).list().getItems()));
    }

    /** Random credentials per cluster, made once: a second provisioning must not lock the running pods out. */
    @Test
    void theCredentialsSecretIsCreatedOnceWithRandomValuesAndNeverReplaced() throws Exception {
        provisionPhase101(provisioner);
        var secret = client.secrets().inNamespace(NS).withName("demo-credentials").get();
        String json = secret.getStringData() != null && secret.getStringData().containsKey("credentials.json")
                ? secret.getStringData().get("credentials.json")
                : new String(Base64.getDecoder().decode(secret.getData().get("credentials.json")), StandardCharsets.UTF_8);
        var credentials = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(json, ClusterCredentials.class);
        assertTrue(credentials.controlToken().length() >= 32);
        assertTrue(!json.contains("\"shardops\"") && !json.contains("shardops_app\""), "a fixed password in " + json);

        provisionPhase101(newProvisioner());
        var again = client.secrets().inNamespace(NS).withName("demo-credentials").get();
        assertEquals(secret.getMetadata().getResourceVersion(), again.getMetadata().getResourceVersion(), "the Secret was written again");
        assertTrue(again.getMetadata().getOwnerReferences() == null || again.getMetadata().getOwnerReferences().isEmpty(),
                "the Secret outlives the cluster's root, as the data volumes holding its passwords do");
        assertTrue(client.network().v1().networkPolicies().inNamespace(NS).withName("demo-internal").get() != null);
    }

    @Test
    void tabletsAreReportedWithStableAliasesAndPodAddresses() {
        var tablets = provisioner.ensureTablets("commerce", "0", "zone1", new TabletCounts(2, 1)).result();
        assertEquals(3, tablets.size());
        assertEquals(List.of(TabletType.REPLICA, TabletType.REPLICA, TabletType.RDONLY), tablets.stream().map(ProvisionedTablet::type).toList());
        ProvisionedTablet first = tablets.get(0);
        assertTrue(first.alias().matches("zone1-\\d{10}"), first.alias());
        assertEquals("demo-zone1-commerce-0-replica-0.demo-tablets." + NS + ".svc", first.mysqld().host());
        assertEquals(3306, first.mysqld().port());
        assertEquals(tablets, provisioner.ensureTablets("commerce", "0", "zone1", new TabletCounts(2, 1)).result());
        assertEquals(3, tablets.stream().map(ProvisionedTablet::alias).distinct().count());
    }

    @Test
    void fewerTabletsScaleThePoolsDown() {
        provisioner.ensureTablets("commerce", "0", "zone1", new TabletCounts(2, 1));
        var down = provisioner.ensureTablets("commerce", "0", "zone1", new TabletCounts(1, 0));
        assertTrue(down.changes().contains(new ProvisionedObject(ProvisionedObject.Effect.UPDATED, "StatefulSet", "demo-zone1-commerce-0-replica")), down.changes().toString());
        assertEquals(1, statefulSet("demo-zone1-commerce-0-replica").getSpec().getReplicas());
        assertEquals(0, statefulSet("demo-zone1-commerce-0-rdonly").getSpec().getReplicas());
        assertEquals(1, down.result().size());
    }

    @Test
    void everyObjectIsOwnedByTheClusterRoot() {
        provisionPhase101(provisioner);
        String rootUid = client.configMaps().inNamespace(NS).withName("demo").get().getMetadata().getUid();
        assertNotNull(rootUid);
        List<HasMetadata> owned = new ArrayList<>();
        owned.addAll(client.apps().statefulSets().inNamespace(NS).list().getItems());
        owned.addAll(client.apps().deployments().inNamespace(NS).list().getItems());
        owned.addAll(client.services().inNamespace(NS).list().getItems());
        assertEquals(7, owned.size(), names(owned).toString());
        for (HasMetadata o : owned) {
            assertEquals(rootUid, o.getMetadata().getOwnerReferences().get(0).getUid(), o.getMetadata().getName());
        }
    }

    @Test
    void aRecreatedRootOwnsWhatIsAppliedAfterIt() {
        provisioner.ensureTablets("commerce", "0", "zone1", new TabletCounts(2, 1));
        client.configMaps().inNamespace(NS).withName("demo").delete();
        var again = provisioner.ensureTablets("commerce", "0", "zone1", new TabletCounts(2, 1));
        assertEquals(new ProvisionedObject(ProvisionedObject.Effect.CREATED, "ConfigMap", "demo"), again.changes().get(0));
        String newRoot = client.configMaps().inNamespace(NS).withName("demo").get().getMetadata().getUid();
        assertEquals(newRoot, statefulSet("demo-zone1-commerce-0-replica").getMetadata().getOwnerReferences().get(0).getUid());
    }

    @Test
    void removingAShardKeepsItsVolumesUntilRemoveShardVolumes() {
        provisioner.ensureTablets("customer", "-80", "zone1", new TabletCounts(2, 1));
        provisioner.ensureTablets("customer", "80-", "zone1", new TabletCounts(2, 1));
        // the mock runs no StatefulSet controller: create the claims it would, from the claim templates
        createClaimsLikeTheStatefulSetController("demo-zone1-customer-x-80-replica", 2);
        createClaimsLikeTheStatefulSetController("demo-zone1-customer-x-80-rdonly", 1);
        createClaimsLikeTheStatefulSetController("demo-zone1-customer-80-x-replica", 2);

        var removed = provisioner.removeTablets("customer", "-80", "zone1");
        assertEquals(List.of(new ProvisionedObject(ProvisionedObject.Effect.DELETED, "StatefulSet", "demo-zone1-customer-x-80-replica"),
                new ProvisionedObject(ProvisionedObject.Effect.DELETED, "StatefulSet", "demo-zone1-customer-x-80-rdonly")), removed.changes());
        assertNull(client.apps().statefulSets().inNamespace(NS).withName("demo-zone1-customer-x-80-replica").get());
        assertEquals(5, claims().size(), "removing tablets must keep their data");

        var destroyed = provisioner.removeShardVolumes("customer", "-80", "zone1");
        assertEquals(3, destroyed.changes().size(), destroyed.changes().toString());
        assertEquals(Set.of("data-demo-zone1-customer-80-x-replica-0", "data-demo-zone1-customer-80-x-replica-1"), names(claims()),
                "only the removed shard's volumes go");
        assertTrue(provisioner.removeShardVolumes("customer", "-80", "zone1").changes().isEmpty());
    }

    @Test
    void removingGatewaysDeletesDeploymentAndService() {
        provisioner.ensureGateways("zone1", Gateway.DEFAULT);
        var removed = provisioner.removeGateways("zone1");
        assertEquals(2, removed.changes().size());
        assertFalse(client.apps().deployments().inNamespace(NS).list().getItems().stream().anyMatch(d -> true));
        assertTrue(provisioner.removeGateways("zone1").changes().isEmpty());
    }

    @Test
    void gatewayReplicasAndServiceTypeFollowTheSpec() {
        var result = provisioner.ensureGateways("zone1", ReferenceClusters.staticAuthNodePort());
        assertEquals("demo-zone1-gateway." + NS + ".svc", result.result().get(0).host());
        assertEquals(3306, result.result().get(0).port());
        assertEquals(2, client.apps().deployments().inNamespace(NS).withName("demo-zone1-gateway").get().getSpec().getReplicas());
        assertEquals("NodePort", client.services().inNamespace(NS).withName("demo-zone1-gateway").get().getSpec().getType());
    }

    private static List<Provisioned<?>> provisionPhase101(KubernetesProvisioner p) {
        return List.of(p.ensureTopologyServer(),
                p.ensureGateways("zone1", Gateway.DEFAULT),
                p.ensureTablets("commerce", "0", "zone1", new TabletCounts(2, 1)));
    }

    private StatefulSet statefulSet(String name) {
        return client.apps().statefulSets().inNamespace(NS).withName(name).get();
    }

    private List<PersistentVolumeClaim> claims() {
        return client.persistentVolumeClaims().inNamespace(NS).list().getItems();
    }

    private void createClaimsLikeTheStatefulSetController(String statefulSet, int replicas) {
        StatefulSet set = statefulSet(statefulSet);
        PersistentVolumeClaim template = set.getSpec().getVolumeClaimTemplates().get(0);
        for (int i = 0; i < replicas; i++) {
            client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder(template)
                    .editMetadata().withName(template.getMetadata().getName() + "-" + statefulSet + "-" + i).withNamespace(NS).endMetadata()
                    .build()).create();
        }
    }

    private static Set<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    }
}
