package io.shardops.reconciler.provision.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.Provisioned;
import io.shardops.reconciler.provision.Provisioner;
import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Shard;
import io.shardops.spec.load.SpecLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The provisioner against a real API server (k3s in a container), with server-side apply:
 * phases 101 then 202 of the reference journey, a second apply that changes nothing, a shard's
 * tablets removed with its volumes kept, then the volumes, then the whole cluster by deleting its
 * root. Pods need not start (the shardops image is not loaded into k3s): what is checked is what
 * the API server accepts, stores and garbage-collects, and the claims the StatefulSet controller makes.
 *
 * <p>Needs a container engine; without one every test here is reported as skipped, with the reason.
 */
class KubernetesProvisionerK3sIT {
    static final String K3S_IMAGE = "rancher/k3s:v1.31.4-k3s1";
    static final String NS = "shardops";
    static K3sContainer k3s;
    static KubernetesClient client;

    /**
     * Starts k3s on first use. The assumption sits in the test, not in a {@code @BeforeAll}: an
     * aborted class setup is counted by Maven as zero tests, while an aborted test is reported as
     * skipped with its reason.
     */
    static void startK3s() {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "not run: no container engine here (DockerClientFactory.instance().isDockerAvailable() is false),"
                        + " so k3s cannot start; the provisioner was checked only against fabric8's mock server");
        if (k3s != null) {
            return;
        }
        k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE));
        k3s.start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void stopK3s() {
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    @Test
    void walksPhases101To202ThenRemovesAShardAndTheCluster() throws Exception {
        startK3s();
        Cluster phase101 = load("101_initial_cluster.yaml");
        Cluster phase202 = load("202_customer_tablets.yaml");
        KubernetesOptions options = KubernetesOptions.DEFAULT.withNamespace(NS).withStorage("1Gi", null);

        List<Provisioned<?>> first = ensureAll(new KubernetesProvisioner(client, "demo", options), phase101);
        assertTrue(first.stream().flatMap(p -> p.changes().stream()).filter(c -> !c.kind().equals("ConfigMap"))
                .allMatch(c -> c.effect() == ProvisionedObject.Effect.CREATED), first.toString());
        List<Provisioned<?>> again = ensureAll(new KubernetesProvisioner(client, "demo", options), phase101);
        assertTrue(again.stream().allMatch(Provisioned::unchanged), "a second server-side apply changed something: " + again);

        // the rendered failover monitor (and its NetworkPolicy) are accepted by a real API server as kubectl apply sends them
        for (var object : new ClusterManifests("demo", options).failoverMonitor(phase101)) {
            client.resource(object).fieldManager("kubectl").forceConflicts().serverSideApply();
        }
        assertEquals(1, client.apps().deployments().inNamespace(NS).withName("demo-failover-monitor").get().getSpec().getReplicas());
        assertEquals(List.of("Ingress"), client.network().v1().networkPolicies().inNamespace(NS).withName("demo-failover-monitor").get()
                .getSpec().getPolicyTypes());

        ensureAll(new KubernetesProvisioner(client, "demo", options), phase202);
        assertEquals(2, client.apps().statefulSets().inNamespace(NS).withName("demo-zone1-customer-0-replica").get().getSpec().getReplicas());
        waitFor(() -> claims("customer").size() == 3, "the StatefulSet controller to create customer/0's 3 claims");

        KubernetesProvisioner provisioner = new KubernetesProvisioner(client, "demo", options);
        provisioner.removeTablets("customer", "0", "zone1");
        waitFor(() -> client.apps().statefulSets().inNamespace(NS).withName("demo-zone1-customer-0-replica").get() == null, "customer/0 replica pool to go");
        assertEquals(3, claims("customer").size(), "removing tablets must keep their data");
        assertEquals(3, provisioner.removeShardVolumes("customer", "0", "zone1").changes().size());
        waitFor(() -> claims("customer").isEmpty(), "customer/0 claims to go");

        client.configMaps().inNamespace(NS).withName("demo").delete();
        waitFor(() -> client.apps().statefulSets().inNamespace(NS).list().getItems().isEmpty(),
                "the garbage collector to delete everything the root owned");
        assertNull(client.apps().deployments().inNamespace(NS).withName("demo-zone1-gateway").get());
    }

    /** What the apply executor does for a spec, in one go: topology server, gateways per cell, tablets per shard and cell. */
    static List<Provisioned<?>> ensureAll(Provisioner provisioner, Cluster cluster) {
        List<Provisioned<?>> results = new ArrayList<>();
        results.add(provisioner.ensureTopologyServer());
        for (Cell cell : cluster.cells()) {
            results.add(provisioner.ensureGateways(cell.name(), cell.gateway()));
            for (Keyspace keyspace : cluster.keyspaces()) {
                for (Shard shard : keyspace.shards()) {
                    results.add(provisioner.ensureTablets(keyspace.name(), shard.name(), cell.name(), shard.tablets()));
                }
            }
        }
        return results;
    }

    private static Cluster load(String phase) {
        return SpecLoader.load(RenderedPhases.repoRoot().resolve("examples/phases").resolve(phase)).orThrow();
    }

    private static List<PersistentVolumeClaim> claims(String keyspace) {
        return client.persistentVolumeClaims().inNamespace(NS).withLabel(Names.LABEL_KEYSPACE, keyspace).list().getItems()
                .stream().filter(c -> c.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 90 s for " + what);
            }
            Thread.sleep(500);
        }
    }
}
