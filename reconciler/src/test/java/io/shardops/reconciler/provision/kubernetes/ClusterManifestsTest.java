package io.shardops.reconciler.provision.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.shardops.spec.Auth;
import io.shardops.spec.Gateway;
import io.shardops.spec.GatewayLimits;
import io.shardops.spec.GatewayTls;
import io.shardops.spec.TabletType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterManifestsTest {

    @Test
    void everyRenderingPassesTheStructuralChecks() {
        Map<String, List<HasMetadata>> renderings = RenderedPhases.renderings();
        assertTrue(renderings.size() >= 3 * 16, "examples missing: " + renderings.keySet());
        renderings.forEach((name, objects) ->
                assertEquals(List.of(), ManifestChecks.problems(objects), name));
    }

    @Test
    void theStructuralChecksCatchBrokenReferences() {
        List<HasMetadata> objects = ClusterManifests.render(ReferenceClusters.phase101(), KubernetesOptions.DEFAULT);
        StatefulSet pool = find(objects, StatefulSet.class, "demo-zone1-commerce-0-replica");
        pool.getSpec().getTemplate().getSpec().getContainers().get(1).getReadinessProbe().getHttpGet()
                .setPort(new IntOrString("health"));
        pool.getSpec().setServiceName("nowhere");
        pool.getSpec().getSelector().getMatchLabels().put(Names.LABEL_SHARD, "x-80");
        assertEquals(List.of(
                "StatefulSet demo-zone1-commerce-0-replica: selector shardops.io/shard=x-80 does not match its pod template",
                "StatefulSet demo-zone1-commerce-0-replica container tablet: probe port health is not a port of the container",
                "StatefulSet demo-zone1-commerce-0-replica: serviceName nowhere is not a rendered headless Service"),
                ManifestChecks.problems(objects));
    }

    @Test
    void everyRenderingReadsBackIntoTheSameTypedObjects() {
        // fabric8's model keeps fields it does not know in additionalProperties, so an object
        // that reads back equal to what was built has no field Kubernetes would not know
        RenderedPhases.renderings().forEach((name, objects) ->
                assertEquals(objects, ManifestYaml.read(ManifestYaml.write(objects)), name));
    }

    @Test
    void tabletUidsAreDistinctAcrossEveryPoolOfEveryPhase() {
        Set<Long> bases = new HashSet<>();
        Set<String> pools = new HashSet<>();
        RenderedPhases.clusters().values().forEach(cluster -> {
            Names names = new Names(cluster.name());
            cluster.keyspaces().forEach(ks -> ks.shards().forEach(shard -> {
                for (TabletType type : List.of(TabletType.REPLICA, TabletType.RDONLY)) {
                    if (pools.add(ks.name() + "/" + shard.name() + "/" + type)) {
                        long base = names.tabletUidBase("zone1", ks.name(), shard.name(), type);
                        assertTrue(base > 0 && base + 99 <= Integer.MAX_VALUE, "uid base " + base + " is not a MariaDB server_id that fits the tablet's --uid");
                        assertTrue(bases.add(base), "two pools share uid base " + base);
                    }
                }
            }));
        });
        assertTrue(pools.size() >= 8, pools.toString());
    }

    @Test
    void staticAuthMountsTheUsersSecretAndNodePortExposesTheGateway() {
        var objects = RenderedPhases.renderings().get("static-auth-nodeport (defaults)");
        Deployment gateway = find(objects, Deployment.class, "demo-zone1-gateway");
        assertEquals(2, gateway.getSpec().getReplicas());
        var pod = gateway.getSpec().getTemplate().getSpec();
        assertEquals("demo-zone1-gateway-users", pod.getVolumes().stream().filter(v -> v.getName().equals("users")).findFirst()
                .orElseThrow().getSecret().getSecretName());
        assertTrue(pod.getContainers().get(0).getArgs().contains("--users-file=/etc/shardops/auth/users.json"));
        Service service = find(objects, Service.class, "demo-zone1-gateway");
        assertEquals("NodePort", service.getSpec().getType());
        assertEquals(3306, service.getSpec().getPorts().get(0).getPort());
    }

    /**
     * No rendered container starts MariaDB with an empty root password (the release before set
     * MARIADB_ALLOW_EMPTY_ROOT_PASSWORD), every shardops container reads the cluster's credentials Secret
     * as a file, no secret value is in the rendering, and only the cluster's own pods reach its tablets and etcd.
     */
    @Test
    void everyPodTakesTheClusterCredentialsFromItsSecretAndOnlyTheClusterReachesTabletsAndEtcd() throws Exception {
        var objects = RenderedPhases.renderings().get("101_initial_cluster.yaml (defaults)");
        StatefulSet pool = find(objects, StatefulSet.class, "demo-zone1-commerce-0-replica");
        var pod = pool.getSpec().getTemplate().getSpec();
        var mysqld = pod.getContainers().stream().filter(c -> c.getName().equals("mysqld")).findFirst().orElseThrow();
        assertTrue(mysqld.getEnv().stream().noneMatch(e -> e.getName().equals("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD")), mysqld.getEnv().toString());
        var rootPassword = mysqld.getEnv().stream().filter(e -> e.getName().equals("MARIADB_ROOT_PASSWORD")).findFirst().orElseThrow();
        assertEquals("demo-credentials", rootPassword.getValueFrom().getSecretKeyRef().getName());
        var tablet = pod.getContainers().stream().filter(c -> c.getName().equals("tablet")).findFirst().orElseThrow();
        assertTrue(String.join(" ", tablet.getCommand()).contains("--credentials=/run/shardops/credentials.json"));
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals("credentials")).findFirst().orElseThrow();
        assertEquals("demo-credentials", volume.getSecret().getSecretName());
        // a Secret volume's files are root's symbolic links: only the init container mounts it, and copies the file owner-only
        assertEquals(0444, volume.getSecret().getDefaultMode());
        assertTrue(pod.getContainers().stream().allMatch(c -> c.getVolumeMounts().stream().noneMatch(m -> m.getName().equals("credentials"))));
        var copy = pod.getInitContainers().get(0);
        assertEquals(List.of("sh", "-c", "umask 077 && cat /etc/shardops/credentials-secret/credentials.json > /run/shardops/credentials.json"),
                copy.getCommand());
        assertEquals("Memory", pod.getVolumes().stream().filter(v -> v.getName().equals("credentials-private")).findFirst().orElseThrow()
                .getEmptyDir().getMedium());
        Deployment gateway = find(objects, Deployment.class, "demo-zone1-gateway");
        assertTrue(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()
                .contains("--credentials=/run/shardops/credentials.json"));
        assertTrue(objects.stream().noneMatch(o -> o instanceof Secret),
                "a rendering is applied again and again: it must not carry (or replace) the cluster's secrets");

        var policy = find(objects, NetworkPolicy.class, "demo-internal");
        var selected = policy.getSpec().getPodSelector();
        assertEquals("demo", selected.getMatchLabels().get(Names.LABEL_INSTANCE));
        assertEquals(List.of("tablet", "etcd"), selected.getMatchExpressions().get(0).getValues());
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        var from = policy.getSpec().getIngress().get(0).getFrom();
        assertEquals(1, from.size());
        assertEquals("demo", from.get(0).getPodSelector().getMatchLabels().get(Names.LABEL_INSTANCE));
        assertEquals(Set.of(3306, 15000, 15991, 2379, 2380), new HashSet<>(policy.getSpec().getIngress().get(0).getPorts().stream()
                .map(p -> p.getPort().getIntVal()).toList()));
    }

    /**
     * A tablet pod can take a backup: its tablet container reads the mysqld container's data volume (read-only, at
     * the same path, named to the tablet by --mysql-datadir) as the mariadb image's mysql user, whose owner-only
     * database folders it must enter, and the credentials copy it reads is made by that same user.
     */
    @Test
    void theTabletContainerReadsTheDataVolumeAsTheServersUserForBackups() {
        var objects = RenderedPhases.renderings().get("101_initial_cluster.yaml (defaults)");
        var pod = find(objects, StatefulSet.class, "demo-zone1-commerce-0-replica").getSpec().getTemplate().getSpec();
        var mysqld = pod.getContainers().stream().filter(c -> c.getName().equals("mysqld")).findFirst().orElseThrow();
        var tablet = pod.getContainers().stream().filter(c -> c.getName().equals("tablet")).findFirst().orElseThrow();
        var serverData = mysqld.getVolumeMounts().stream().filter(m -> m.getName().equals("data")).findFirst().orElseThrow();
        var tabletData = tablet.getVolumeMounts().stream().filter(m -> m.getName().equals("data")).findFirst().orElseThrow();
        assertEquals("/var/lib/mysql", serverData.getMountPath());
        assertEquals(serverData.getMountPath(), tabletData.getMountPath());
        assertEquals(Boolean.TRUE, tabletData.getReadOnly(), "a backup only reads the datadir");
        assertTrue(serverData.getReadOnly() == null || !serverData.getReadOnly());
        assertTrue(String.join(" ", tablet.getCommand()).contains(" --mysql-datadir=/var/lib/mysql "), tablet.getCommand().toString());
        assertEquals(999L, tablet.getSecurityContext().getRunAsUser());
        assertEquals(999L, tablet.getSecurityContext().getRunAsGroup());
        assertEquals(Boolean.FALSE, tablet.getSecurityContext().getAllowPrivilegeEscalation());
        var copy = pod.getInitContainers().get(0);
        assertEquals(999L, copy.getSecurityContext().getRunAsUser(), "the tablet reads the owner-only credentials copy");
        // the other pods keep the image's user
        Deployment gateway = find(objects, Deployment.class, "demo-zone1-gateway");
        assertEquals(null, gateway.getSpec().getTemplate().getSpec().getInitContainers().get(0).getSecurityContext().getRunAsUser());
    }

    @Test
    void gatewayTlsMountsTheTlsSecretAndLimitsBecomeFlags() {
        Gateway g = new Gateway(1, 15306, Auth.NONE, Gateway.CLUSTER_IP, new GatewayTls(null, null, true, true),
                new GatewayLimits(500, 0, 600, 0));
        var objects = ClusterManifests.render(ReferenceClusters.cluster(g, ReferenceClusters.keyspace("commerce", "0")),
                KubernetesOptions.DEFAULT);
        var pod = find(objects, Deployment.class, "demo-zone1-gateway").getSpec().getTemplate().getSpec();
        var tls = pod.getVolumes().stream().filter(v -> v.getSecret() != null && "demo-zone1-gateway-tls".equals(v.getSecret().getSecretName()))
                .findFirst().orElseThrow(() -> new AssertionError("no volume of the TLS Secret: " + pod.getVolumes()));
        assertEquals(0400, tls.getSecret().getDefaultMode());
        var args = pod.getContainers().get(0).getArgs();
        assertTrue(args.containsAll(List.of("--tls-cert=/etc/shardops/tls/tls.crt", "--tls-key=/etc/shardops/tls/tls.key",
                "--require-tls", "--max-connections=500", "--idle-timeout=600")), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("--login-timeout") || a.startsWith("--packet-memory")), args.toString());
    }

    @Test
    void aShardWithNoTabletsKeepsItsPoolsAtZero() {
        var objects = RenderedPhases.renderings().get("306_down_shard_0.yaml (defaults)");
        StatefulSet replica = find(objects, StatefulSet.class, "demo-zone1-customer-0-replica");
        assertEquals(0, replica.getSpec().getReplicas());
        assertEquals("Retain", replica.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled());
    }

    @Test
    void externalEtcdRendersNoEtcdAndPointsEveryoneAtIt() {
        var objects = RenderedPhases.renderings().get("101_initial_cluster.yaml (external etcd)");
        assertFalse(objects.stream().anyMatch(o -> o.getMetadata().getName().equals("demo-etcd")));
        Deployment gateway = find(objects, Deployment.class, "demo-zone1-gateway");
        assertTrue(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().contains("--topo=http://etcd.infra:2379"));
    }

    @Test
    void theRootRecordsTheOptionsSoAReconcilerInsideCanReadThemBack() {
        var root = new ClusterManifests("demo", RenderedPhases.ALL_OPTIONS).root();
        assertEquals(RenderedPhases.ALL_OPTIONS, KubernetesOptions.fromData(root.getData()));
        var external = KubernetesOptions.DEFAULT.withEtcdEndpoints(List.of("http://a:2379", "http://b:2379"));
        assertEquals(external, KubernetesOptions.fromData(new ClusterManifests("demo", external).root().getData()));
    }

    @Test
    void shardNamesBecomeLabelSafe() {
        assertEquals("x-80", Names.labelSafeShard("-80"));
        assertEquals("80-x", Names.labelSafeShard("80-"));
        assertEquals("40-80", Names.labelSafeShard("40-80"));
        assertEquals("0", Names.labelSafeShard("0"));
        assertEquals("x-x", Names.labelSafeShard("-"));
    }

    @Test
    void aNameTooLongForKubernetesSaysWhatToShorten() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Names("demo")
                .tabletPool("zone1", "a_keyspace_with_a_rather_long_name", "-80", TabletType.REPLICA));
        assertTrue(e.getMessage().contains("more than the 52 allowed: shorten the cluster, cell or keyspace name"), e.getMessage());
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " not rendered"));
    }
}
