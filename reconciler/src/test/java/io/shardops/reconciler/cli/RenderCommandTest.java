package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.golden.GoldenFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code shardops render}: the manifests of the reference phases, pinned by golden files under
 * reconciler/src/test/resources/kubernetes (regenerate with -Dgolden.update=true).
 */
class RenderCommandTest {

    record Run(int exitCode, String out, String err) {}

    static Run render(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RenderCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path repoRoot() {
        String root = System.getProperty("repo.root");
        Path p = root == null ? Path.of("").toAbsolutePath() : Path.of(root);
        return Files.isDirectory(p.resolve("reconciler")) ? p : p.getParent();
    }

    static String example(String phase) {
        return repoRoot().resolve("examples/phases").resolve(phase).toString();
    }

    static void assertGolden(String name, String actual) throws IOException {
        GoldenFile.assertMatches(repoRoot().resolve("reconciler/src/test/resources/kubernetes").resolve(name), actual);
    }

    @Test
    void phase101RendersAsTheGoldenFileSays() throws IOException {
        Run run = render(example("101_initial_cluster.yaml"), "--target", "kubernetes");
        assertEquals(0, run.exitCode(), run.err());
        assertGolden("101_initial_cluster.yaml", run.out());
    }

    @Test
    void phase302NamesShardsLabelSafe() throws IOException {
        Run run = render(example("302_new_shards.yaml"), "--target", "kubernetes");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("name: demo-zone1-customer-x-80-rdonly\n"));
        assertTrue(run.out().contains("shardops.io/shard: 80-x\n"));
        assertGolden("302_new_shards.yaml", run.out());
    }

    @Test
    void optionsReachTheManifests() throws IOException {
        Run run = render(example("101_initial_cluster.yaml"), "--target", "kubernetes",
                "--namespace", "shop", "--image", "registry.example/shardops:1.0",
                "--etcd-endpoints", "http://etcd-a.infra:2379,http://etcd-b.infra:2379",
                "--storage-size", "1Gi", "--storage-class", "local-path",
                "--mysqld-resources", "cpu=500m,memory=1Gi", "--gateway-resources", "memory=256Mi",
                "--git-repo", "https://git.example/shop/db.git", "--git-path", "clusters/demo");
        assertEquals(0, run.exitCode(), run.err());
        assertGolden("101_with_options.yaml", run.out());
    }

    @Test
    void aBackupPolicyIsScheduledByTheFailoverMonitorsPod() throws IOException {
        Run run = render(repoRoot().resolve("reconciler/src/test/resources/kubernetes-specs/backups.yaml").toString(), "--target", "kubernetes");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("- --backup-policy=/etc/shardops/backup-policy\n"), run.out());
        assertGolden("backups.yaml", run.out());
    }

    @Test
    void aLocalBackupDirectoryIsRefusedForKubernetesAtItsPosition() {
        String spec = repoRoot().resolve("reconciler/src/test/resources/kubernetes-specs/local-backup-dir.yaml").toString();
        Run run = render(spec, "--target", "kubernetes");
        assertEquals(1, run.exitCode(), run.out());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(spec + ":9:15: error: spec.backup location '/var/backups/shardops' is a local directory,"), run.err());
        assertTrue(run.err().contains("\n    hint: use an S3 location (s3://bucket/prefix"), run.err());
        assertTrue(run.err().contains(spec + ":18:29: error: keyspace customer's backup credentials file"), run.err());
        assertTrue(run.err().endsWith("2 errors in " + spec + " for Kubernetes; nothing was rendered\n"), run.err());
    }

    @Test
    void renderingTwiceGivesTheSameBytes() {
        assertEquals(render(example("302_new_shards.yaml"), "--target", "kubernetes").out(),
                render(example("302_new_shards.yaml"), "--target", "kubernetes").out());
    }

    @Test
    void anInvalidSpecIsReportedWithItsPosition(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: shardops.io/v1\nkind: Cluster\nmetadata: {name: demo}\nspec:\n  cells: []\n  keyspaces: []\n");
        Run run = render(bad.toString(), "--target", "kubernetes");
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(bad + ":"), run.err());
        assertTrue(run.err().matches("(?s)" + Pattern.quote(bad.toString()) + ":\\d+:\\d+: error: .*"), run.err());
        assertTrue(run.err().contains("nothing was rendered"), run.err());
    }

    @Test
    void aKeyspaceNameTooLongForKubernetesIsReportedAtTheKeyspace(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("long.yaml");
        Files.writeString(spec, String.join("\n",
                "apiVersion: shardops.io/v1",
                "kind: Cluster",
                "metadata: {name: demo}",
                "spec:",
                "  cells: [{name: zone1}]",
                "  keyspaces:",
                "    - name: customer_orders_with_a_rather_long_name",
                "      shards: [{name: \"0\"}]",
                ""));
        Run run = render(spec.toString(), "--target", "kubernetes");
        assertEquals(1, run.exitCode(), run.out());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith(spec + ":7:"), run.err());
        assertTrue(run.err().contains("more than the 52 allowed: shorten the cluster, cell or keyspace name"), run.err());
    }

    @Test
    void aBadResourceOptionSaysHowToWriteIt() {
        Run run = render(example("101_initial_cluster.yaml"), "--target", "kubernetes", "--tablet-resources", "cpu:1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--tablet-resources: 'cpu:1' is not KEY=QUANTITY"), run.err());
    }

    @Test
    void outWritesTheSameManifestsToAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("demo.yaml");
        Run run = render(example("101_initial_cluster.yaml"), "--target", "kubernetes", "--out", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(render(example("101_initial_cluster.yaml"), "--target", "kubernetes").out(), Files.readString(file));

        Run missing = render(example("101_initial_cluster.yaml"), "--target", "kubernetes", "--out", dir.resolve("no/such/x.yaml").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("its folder does not exist"), missing.err());
    }

    @Test
    void theTargetMustBeNamed() {
        Run run = render(example("101_initial_cluster.yaml"));
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--target"), run.err());
    }
}
