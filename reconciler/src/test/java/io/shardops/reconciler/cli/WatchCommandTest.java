package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.shardops.reconciler.gitops.watch.FileWatchState;
import io.shardops.reconciler.gitops.watch.Phases;
import io.shardops.reconciler.gitops.watch.TestRepos;
import io.shardops.reconciler.gitops.watch.WatchOutcome;
import io.shardops.reconciler.gitops.watch.WatchRecord;
import io.shardops.reconciler.provision.kubernetes.ClusterManifests;
import io.shardops.reconciler.provision.kubernetes.KubernetesOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WatchCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new WatchCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void theInClusterReconcilersCommandLineIsAWatchOnKubernetes() {
        var options = KubernetesOptions.DEFAULT.withNamespace("shop")
                .withGit("https://git.example/shop/db.git", "main", "clusters/demo");
        var deployment = (Deployment) new ClusterManifests("demo", options)
                .reconciler().stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        List<String> args = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        assertEquals("watch", args.get(0));
        WatchCommand watch = new WatchCommand();
        new CommandLine(watch).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        assertTrue(watch.provisioning.kubernetes(), "the pod applies through the Kubernetes provisioner");
        assertEquals("shop", watch.provisioning.namespace);
        assertTrue(watch.etcd.endpoints.startsWith("http://demo-etcd"), watch.etcd.endpoints);
        assertEquals(2, run("--repo", "x", "--provisioner", "nomad"), "an unknown provisioner is a usage error");
        assertTrue(err.toString().contains("unknown --provisioner nomad; use local or kubernetes"), err.toString());
    }

    @Test
    void onceInDryRunPlansTheHeadAndRecordsIt() {
        try (TestRepos repos = TestRepos.create(dir)) {
            String head = repos.commitAndPush("101", Phases.phase("101_initial_cluster.yaml"));
            Path work = dir.resolve("watch");
            assertEquals(0, run("--repo", repos.bare().toString(), "--path", Phases.SPEC_DIR, "--dry-run", "--once",
                    "--work-dir", work.toString(), "--etcd", ""), err.toString());
            assertTrue(out.toString().contains(head.substring(0, 12) + ": dry-run: "), out.toString());
            WatchRecord saved = new FileWatchState(work.resolve("state.json")).load();
            assertEquals(Optional.of(WatchOutcome.DRY_RUN), saved.outcome());
            assertEquals(head, saved.lastSeen().orElseThrow().id());
        }
    }

    @Test
    void signatureChecksNeedTheTrustedKeys() {
        assertEquals(2, run("--repo", dir.toString(), "--dry-run", "--verify-signatures"));
        assertTrue(err.toString().contains("--trusted-keys"), err.toString());
    }

    @Test
    void aSecretWithoutAPortIsAUsageError() {
        assertEquals(2, run("--repo", dir.toString(), "--dry-run", "--webhook-secret-file", dir.resolve("s").toString()));
        assertTrue(err.toString().contains("--webhook-port"), err.toString());
    }
}
