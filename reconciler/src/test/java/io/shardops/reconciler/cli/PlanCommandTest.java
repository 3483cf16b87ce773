package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.render.PlanFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shardops plan} as a user runs it: formats, exit codes, saved plans, errors without stack traces. */
class PlanCommandTest {
    private static final Path REPO = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    private record Run(int exit, String out, String err) {}

    private static Run plan(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // the plan command alone, so this test does not depend on the other subcommands compiling
        CommandLine cli = new CommandLine(new PlanCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private static String phase(String name) {
        return REPO.resolve("examples/phases/" + name).toString();
    }

    @Test
    void aSpecAgainstItselfExitsZeroWithDetailedExitcode() {
        Run r = plan("--from", phase("204_vertical_migrate_replicas.yaml"), phase("204_vertical_migrate_replicas.yaml"), "--detailed-exitcode");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("No changes."), r.out());
    }

    @Test
    void changesExitTwoWithDetailedExitcodeAndZeroWithout() {
        String from = phase("204_vertical_migrate_replicas.yaml");
        String to = phase("205_vertical_migrate_master.yaml");
        Run detailed = plan("--from", from, to, "--detailed-exitcode", "--no-color");
        assertEquals(2, detailed.exit(), detailed.err());
        assertTrue(detailed.out().contains("1. switch-traffic customer-vsplit [primary]"), detailed.out());
        assertFalse(detailed.out().contains("\u001b["), "--no-color");
        assertEquals(0, plan("--from", from, to).exit());
    }

    @Test
    void jsonAndMarkdownFormats() {
        String from = phase("101_initial_cluster.yaml");
        String to = REPO.resolve("examples/final").toString();
        Run json = plan("--from", from, to, "--format", "json");
        assertEquals(0, json.exit(), json.err());
        assertTrue(json.out().startsWith("{\n  \"formatVersion\" : 1,"), json.out());
        assertTrue(json.out().contains("\"kind\" : \"start-copy\""), json.out());
        Run md = plan("--from", from, to, "--format", "markdown");
        assertTrue(md.out().contains("**Plan: 9 to add, 1 to change, 2 to destroy, 23 steps.**"), md.out());
    }

    @Test
    void outSavesAPlanThatReadsBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("next.plan");
        Run r = plan("--from", phase("302_new_shards.yaml"), phase("303_horizontal_split.yaml"), "--out", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("Saved the plan to " + file), r.err());
        Plan saved = PlanFile.read(file);
        assertEquals(2, saved.steps().size());
        assertEquals(PlanSource.Kind.SPEC, saved.from().kind());
        assertTrue(saved.to().specHash().startsWith("sha256:"));
    }

    @Test
    void anInvalidSpecIsReportedWithFileLineColumn(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: shardops.io/v1\nkind: Cluster\nmetadata: {name: demo}\nspec:\n  cells: []\n  keyspaces: []\n");
        Run r = plan("--from", phase("101_initial_cluster.yaml"), bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(bad + ":"), r.err());
        assertTrue(r.err().matches("(?s).*" + Pattern.quote(bad.toString()) + ":\\d+:\\d+: error: .*"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aRefusedPlanExitsOneWithTheReasons(@TempDir Path dir) throws IOException {
        // 205 with the primary switch taken back: a MoveTables primary switch is one-way
        Path back = dir.resolve("back.yaml");
        Files.writeString(back, Files.readString(Path.of(phase("205_vertical_migrate_master.yaml")))
                .replace("switchTraffic: [rdonly, replica, primary]", "switchTraffic: [rdonly, replica]"));
        Files.createDirectories(dir.resolve("sql"));
        for (String f : new String[] {"product.sql", "customer_unsharded.sql", "customer_sharded.sql"}) {
            Files.copy(REPO.resolve("examples/phases/sql/" + f), dir.resolve("sql/" + f));
        }
        assertTrue(Files.readString(back).contains("switchTraffic: [rdonly, replica]\n"), "the test edits the migration");
        Run r = plan("--from", phase("205_vertical_migrate_master.yaml"), back.toString(), "--detailed-exitcode");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("error: migration customer-vsplit has switched primary traffic"), r.err());
        assertTrue(r.err().contains("The plan is refused"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void withoutFromAndWithoutEtcdItSaysWhatToDo() {
        Run r = plan(phase("101_initial_cluster.yaml"), "--etcd", "");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--etcd") && r.err().contains("--from SPEC"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void stateDirNamesTheLocalClusterToPlanAgainst(@TempDir Path dir) {
        Run r = plan(phase("101_initial_cluster.yaml"), "--etcd", "", "--state-dir", dir.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("no local cluster in " + dir.resolve("local.json").toAbsolutePath().normalize()), r.err());
        assertTrue(r.err().contains("shardops up --state-dir " + dir), r.err());
    }

    @Test
    void topoIsTheSameOptionAsEtcd() {
        Run r = plan(phase("101_initial_cluster.yaml"), "--topo", "");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--etcd") && r.err().contains("--from SPEC"), r.err());
    }
}
