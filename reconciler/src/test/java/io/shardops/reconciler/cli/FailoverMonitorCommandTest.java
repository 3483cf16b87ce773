package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.shardops.reconciler.provision.kubernetes.ClusterManifests;
import io.shardops.reconciler.provision.kubernetes.KubernetesOptions;
import io.shardops.spec.load.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The failover monitor's pod runs the command line the manifests render: this command must take it. */
class FailoverMonitorCommandTest {
    @Test
    void theRenderedCommandLineParses() {
        var cluster = SpecLoader.load(RenderCommandTest.repoRoot().resolve("reconciler/src/test/resources/kubernetes-specs/backups.yaml")).orThrow();
        Deployment d = ClusterManifests.render(cluster, KubernetesOptions.DEFAULT.withNamespace("shop")).stream()
                .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals("demo-failover-monitor"))
                .map(Deployment.class::cast).findFirst().orElseThrow();
        List<String> args = d.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        assertEquals("failover-monitor", args.get(0));
        FailoverMonitorCommand monitor = new FailoverMonitorCommand();
        new CommandLine(monitor).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        assertEquals("demo", monitor.live.cluster.given());
        assertEquals("http://demo-etcd.shop.svc:2379", monitor.live.etcd.endpoints);
        assertEquals(Path.of("/run/shardops/credentials.json"), monitor.live.etcd.credentials.file);
        assertEquals(Path.of("/etc/shardops/backup-policy"), monitor.backupPolicy);
        assertEquals(2000, monitor.downForMillis);
    }
}
