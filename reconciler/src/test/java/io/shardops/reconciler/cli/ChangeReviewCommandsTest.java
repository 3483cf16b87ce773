package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.reconciler.gitops.watch.Phases;
import io.shardops.reconciler.gitops.watch.TestRepos;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The change review as CI and a user meet it (docs/lint.md): {@code preview} and {@code plan} show the findings
 * first and exit 1 on an error finding, {@code validate} reports what needs no live state, {@code policy.lint}
 * changes the outcome. The specs are the lint corpus of the planner's tests.
 */
class ChangeReviewCommandsTest {
    private static final Path REPO = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path CORPUS = REPO.resolve("planner/src/test/resources/lint");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run shardops(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ShardopsCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private static String corpus(String file) throws IOException {
        return Files.readString(CORPUS.resolve(file));
    }

    private static String withPolicy(String spec, String code, String level) {
        return spec + "  policy:\n    lint:\n      " + code + ": " + level + "\n";
    }

    @Test
    void previewFailsOnAnErrorFindingAndShowsItAboveTheFoldAtItsRepositoryLine() throws IOException {
        try (TestRepos repos = TestRepos.create(dir)) {
            String base = repos.commit("before", Map.of(Phases.SPEC_DIR + "/cluster.yaml", corpus("before.yaml")));
            String renamed = repos.commit("rename", Map.of(Phases.SPEC_DIR + "/cluster.yaml", corpus("column-renamed/after.yaml")));
            String repo = repos.workTree().toString();

            Run r = shardops("preview", "--repo", repo, "--base", base, "--head", renamed, "--path", Phases.SPEC_DIR);
            assertEquals(1, r.exit(), "an error finding fails the pull request's check: " + r.out() + r.err());
            String fold = r.out().substring(0, r.out().indexOf("<details>"));
            assertTrue(fold.contains("| :x: error | `clusters/demo/cluster.yaml:31:17` | `column-renamed` |"), r.out());
            assertTrue(fold.contains("**Schema changes:**"), r.out());

            String allowed = repos.commit("allowed", Map.of(Phases.SPEC_DIR + "/cluster.yaml",
                    withPolicy(corpus("column-renamed/after.yaml"), "column-renamed", "warning")));
            Run warned = shardops("preview", "--repo", repo, "--base", base, "--head", allowed, "--path", Phases.SPEC_DIR, "--format", "text");
            assertEquals(0, warned.exit(), warned.out() + warned.err());
            assertTrue(warned.out().contains("clusters/demo/cluster.yaml:31:17: warning: column customer.name looks renamed to full_name"), warned.out());

            Run json = shardops("preview", "--repo", repo, "--base", base, "--head", renamed, "--path", Phases.SPEC_DIR, "--format", "json");
            assertEquals(1, json.exit());
            assertTrue(json.out().contains("\"code\" : \"column-renamed\""), json.out());
            assertTrue(json.out().contains("\"severity\" : \"error\""), json.out());
        }
    }

    @Test
    void planExitsOneOnAnErrorFindingAndZeroOnWarnings() {
        String before = CORPUS.resolve("before.yaml").toString();
        Run error = shardops("plan", CORPUS.resolve("foreign-key-cross-shard/after.yaml").toString(), "--from", before, "--no-color");
        assertEquals(1, error.exit());
        assertTrue(error.out().startsWith("shardops plans the changes"), error.out());
        assertTrue(error.out().contains("error: foreign key of customer.order_note references product"), error.out());
        assertTrue(error.err().contains("The change review found 1 error: apply refuses this plan."), error.err());

        Run warning = shardops("plan", CORPUS.resolve("column-dropped/after.yaml").toString(), "--from", before, "--no-color", "--detailed-exitcode");
        assertEquals(2, warning.exit(), warning.err());
        assertTrue(warning.out().contains("warning: column corder.price (bigint) is dropped: its values are lost [column-dropped]"), warning.out());
    }

    @Test
    void validateReportsTheFindingsThatNeedNoLiveState() throws IOException {
        Path ok = CORPUS.resolve("before.yaml");
        Run clean = shardops("validate", ok.toString());
        assertEquals(0, clean.exit(), clean.out());
        assertEquals("ok: 1 spec in 1 file valid\n", clean.out());

        Path warned = CORPUS.resolve("table-without-primary-key/after.yaml");
        Run w = shardops("validate", warned.toString());
        assertEquals(0, w.exit(), w.out());
        assertTrue(w.out().contains(":21:13: warning: table commerce.audit has no primary key"), w.out());
        assertTrue(w.out().contains("[table-without-primary-key]"), w.out());
        assertTrue(w.out().endsWith("ok: 1 spec in 1 file valid; 1 warning\n"), w.out());

        Path strict = dir.resolve("strict.yaml");
        Files.writeString(strict, withPolicy(corpus("table-without-primary-key/after.yaml"), "table-without-primary-key", "error"));
        Run e = shardops("validate", strict.toString(), "--format", "json");
        assertEquals(1, e.exit(), e.out());
        assertTrue(e.out().contains("\"errorCount\" : 1"), e.out());
        assertTrue(e.out().contains("\"code\" : \"table-without-primary-key\""), e.out());

        Run change = shardops("validate", CORPUS.resolve("column-dropped/after.yaml").toString());
        assertEquals("ok: 1 spec in 1 file valid\n", change.out(), "a dropped column needs the state before: validate cannot see it");
        assertFalse(change.out().contains("column-dropped"));
    }
}
