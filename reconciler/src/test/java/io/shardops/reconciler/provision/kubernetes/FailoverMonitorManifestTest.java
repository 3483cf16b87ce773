package io.shardops.reconciler.provision.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.shardops.reconciler.backup.AppliedBackupPolicy;
import io.shardops.spec.Problem;
import io.shardops.spec.load.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The failover monitor's pod on Kubernetes: what it runs, with which rights, who it reaches, and the backups it schedules. */
class FailoverMonitorManifestTest {
    private static final Path SPECS = RenderedPhases.repoRoot().resolve("reconciler/src/test/resources/kubernetes-specs");

    @Test
    void theMonitorRunsAsOneLeastPrivilegedPodWithTheClusterCredentials() {
        var objects = RenderedPhases.renderings().get("101_initial_cluster.yaml (defaults)");
        Deployment d = find(objects, Deployment.class, "demo-failover-monitor");
        assertEquals(1, d.getSpec().getReplicas());
        assertEquals("Recreate", d.getSpec().getStrategy().getType(), "never two at once during a rollout");
        var pod = d.getSpec().getTemplate().getSpec();
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "it never calls the Kubernetes API");
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        var c = pod.getContainers().get(0);
        assertEquals(List.of("failover-monitor", "--cluster=demo", "--topo=http://demo-etcd.default.svc:2379",
                "--credentials=/run/shardops/credentials.json"), c.getArgs());
        assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertTrue(c.getResources().getLimits().containsKey("memory"));
        var init = pod.getInitContainers().get(0);
        assertEquals(Boolean.TRUE, init.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(init.getCommand().get(2).startsWith("umask 077 && cat /etc/shardops/credentials-secret/credentials.json > "),
                "the Secret's file is copied owner-only: " + init.getCommand());
        var secret = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        assertEquals("demo-credentials", secret.getSecret().getSecretName());
        assertTrue(objects.stream().noneMatch(o -> o instanceof ConfigMap cm && cm.getMetadata().getName().equals("demo-backup-policy")),
                "no backup policy, no schedule");
    }

    @Test
    void theNetworkPoliciesLetTheMonitorReachEtcdAndTabletsAndNothingReachIt() {
        var objects = RenderedPhases.renderings().get("101_initial_cluster.yaml (defaults)");
        List<NetworkPolicy> policies = objects.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).toList();
        Map<String, String> monitor = find(objects, Deployment.class, "demo-failover-monitor").getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> tablet = find(objects, StatefulSet.class, "demo-zone1-commerce-0-replica").getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> etcd = find(objects, StatefulSet.class, "demo-etcd").getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> gateway = find(objects, Deployment.class, "demo-zone1-gateway").getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> stranger = Map.of("app", "something-else");

        assertTrue(allowed(policies, monitor, etcd, 2379), "the monitor reads and locks the topology");
        assertTrue(allowed(policies, monitor, tablet, 15000), "the monitor calls the tablets' managers");
        assertTrue(allowed(policies, monitor, tablet, 3306), "the binlog archive follows each primary's MariaDB");
        assertFalse(allowed(policies, stranger, tablet, 15000), "other pods of the namespace still cannot");
        for (Map<String, String> from : List.of(tablet, gateway, etcd, stranger)) {
            for (int port : List.of(8080, 15000, 2379)) {
                assertFalse(allowed(policies, from, monitor, port), "nothing connects to the monitor: " + from + " port " + port);
            }
        }
        assertTrue(allowed(policies, stranger, gateway, 15306), "clients still reach the gateways");
    }

    @Test
    void aBackupPolicyBecomesTheMonitorsScheduleWithItsSecretsMounted() throws Exception {
        var objects = RenderedPhases.renderings().get("backups (defaults)");
        ConfigMap cm = find(objects, ConfigMap.class, "demo-backup-policy");
        AppliedBackupPolicy policy = new ObjectMapper().readValue(cm.getData().get("backup-policy.json"), AppliedBackupPolicy.class);
        assertEquals(new AppliedBackupPolicy.Entry("s3://acme-backups/shardops", "/etc/shardops/backup-credentials/shardops-s3/credentials",
                "shardops-s3", 7, "rdonly", "6h"), policy.keyspace("commerce").orElseThrow());
        assertEquals(new AppliedBackupPolicy.Entry("s3://acme-backups/shardops", "/etc/shardops/backup-credentials/customer-s3/credentials",
                "customer-s3", 14, "rdonly", "0 3 * * *"), policy.keyspace("customer").orElseThrow());
        var pod = find(objects, Deployment.class, "demo-failover-monitor").getSpec().getTemplate().getSpec();
        var c = pod.getContainers().get(0);
        assertTrue(c.getArgs().contains("--backup-policy=/etc/shardops/backup-policy"), c.getArgs().toString());
        assertEquals(List.of("customer-s3", "shardops-s3"), pod.getVolumes().stream().filter(v -> v.getSecret() != null)
                .map(v -> v.getSecret().getSecretName()).filter(n -> !n.equals("demo-credentials")).toList());
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/etc/shardops/backup-credentials/customer-s3")));
    }

    @Test
    void localBackupLocationsAndCredentialsFilesAreRefusedWhereTheSpecWritesThem() {
        Path spec = SPECS.resolve("local-backup-dir.yaml");
        var cluster = SpecLoader.load(spec).orThrow();
        List<String> problems = KubernetesSpecChecks.problems(cluster).stream().map(Problem::render).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(spec + ":9:15: error: spec.backup location '/var/backups/shardops' is a local directory"),
                problems.get(0));
        assertTrue(problems.get(0).contains("hint: use an S3 location (s3://bucket/prefix"), problems.get(0));
        assertTrue(problems.get(1).startsWith(spec + ":18:29: error: keyspace customer's backup credentials file '/etc/shardops/s3'"),
                problems.get(1));
        var e = assertThrows(ManifestException.class, () -> ClusterManifests.render(cluster, KubernetesOptions.DEFAULT));
        assertTrue(e.render().startsWith(spec + ":9:15: error: "), e.render());
    }

    /** Whether a pod labelled {@code from} may open {@code port} on a pod labelled {@code to}, in one namespace. */
    static boolean allowed(List<NetworkPolicy> policies, Map<String, String> from, Map<String, String> to, int port) {
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress") && matches(p.getSpec().getPodSelector(), to)).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy p : selecting) {
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                boolean peer = rule.getFrom().isEmpty() || rule.getFrom().stream().anyMatch(f -> f.getPodSelector() != null && matches(f.getPodSelector(), from));
                boolean portOk = rule.getPorts().isEmpty() || rule.getPorts().stream().anyMatch(pp -> pp.getPort().getIntVal() == port);
                if (peer && portOk) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(LabelSelector s, Map<String, String> labels) {
        if (s.getMatchLabels() != null && !s.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        return s.getMatchExpressions() == null || s.getMatchExpressions().stream().allMatch(x -> switch (x.getOperator()) {
            case "In" -> x.getValues().contains(labels.get(x.getKey()));
            case "NotIn" -> !x.getValues().contains(labels.get(x.getKey()));
            case "Exists" -> labels.containsKey(x.getKey());
            default -> throw new AssertionError("operator " + x.getOperator());
        });
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " not rendered"));
    }
}
