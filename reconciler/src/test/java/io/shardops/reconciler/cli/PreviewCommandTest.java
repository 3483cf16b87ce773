package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.reconciler.gitops.watch.Phases;
import io.shardops.reconciler.gitops.watch.TestRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PreviewCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new PreviewCommand());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void exitCodesTellCiWhatToDo() {
        try (TestRepos repos = TestRepos.create(dir)) {
            String base = repos.commit("301", Phases.phase("301_customer_sharded.yaml"));
            String head = repos.commit("302", Phases.phase("302_new_shards.yaml"));
            String repo = repos.workTree().toString();

            assertEquals(0, run("--repo", repo, "--base", base, "--head", head, "--path", Phases.SPEC_DIR, "--format", "json"), err.toString());
            assertTrue(out.toString().contains("\"formatVersion\" : 1"), out.toString());

            Map<String, String> broken = new HashMap<>(Phases.phase("302_new_shards.yaml"));
            broken.put(Phases.SPEC_DIR + "/cluster.yaml", "apiVersion: shardops.io/v1\nkind: Cluster\nmetadata: {name: demo}\nspec: [\n");
            String bad = repos.commit("broken", broken);
            assertEquals(1, run("--repo", repo, "--base", head, "--head", bad, "--path", Phases.SPEC_DIR, "--format", "text"));
            assertTrue(out.toString().contains("clusters/demo/cluster.yaml:"), out.toString());

            assertEquals(PreviewCommand.EXIT_REPOSITORY, run("--repo", repo, "--base", "nope", "--head", head));
            assertTrue(err.toString().startsWith("error: "), err.toString());
            assertFalse(err.toString().contains("Exception"), err.toString());
        }
    }
}
