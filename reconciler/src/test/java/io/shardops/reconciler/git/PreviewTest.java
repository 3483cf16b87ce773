package io.shardops.reconciler.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.golden.GoldenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Previews of pull requests in a real repository; the reshard one is pinned by a golden file. */
class PreviewTest {
    private static final Path GOLDEN_DIR = Path.of(System.getProperty("repo.root", ".."))
            .resolve("reconciler/src/test/resources/io/shardops/reconciler/git");

    @TempDir
    Path dir;

    @Test
    void reshardPreviewMatchesGoldenMarkdown() throws IOException {
        try (TestRepos repos = TestRepos.create(dir); SpecRepository repo = SpecRepository.open(repos.workTree())) {
            String base = repos.commit("Phase 301: shard customer's VSchema", Phases.phase("301_customer_sharded.yaml"));
            String head = repos.commit("Phase 303: split customer into -80 and 80-", Phases.phase("303_horizontal_split.yaml"));
            Preview preview = Preview.of(repo, base, head, Phases.SPEC_DIR, ReadLimits.DEFAULT);
            assertTrue(preview.planned(), preview.headErrors() + " " + preview.planErrors());
            String markdown = PreviewRender.markdown(preview);
            assertGolden("preview-301-to-303.md", markdown);
            // What a reviewer relies on, independent of the renderer's details:
            assertTrue(markdown.startsWith(PreviewRender.MARKER + "\n"));
            assertTrue(markdown.contains("`" + base.substring(0, 12) + "`") && markdown.contains("`" + head.substring(0, 12) + "`"));
            String beforeFold = markdown.substring(0, markdown.indexOf("<details>"));
            assertTrue(beforeFold.contains("**Plan: "), "the summary is outside the fold");
            assertTrue(markdown.contains("start-copy"), markdown);
        }
    }

    @Test
    void destructiveAndGatedStepsAreCalledOutBeforeTheFold() throws IOException {
        try (TestRepos repos = TestRepos.create(dir); SpecRepository repo = SpecRepository.open(repos.workTree())) {
            String base = repos.commit("Phase 303: split customer into -80 and 80-", Phases.phase("303_horizontal_split.yaml"));
            Map<String, String> gated = new HashMap<>(Phases.phase("307_delete_shard_0.yaml"));
            gated.put(Phases.SPEC_DIR + "/cluster.yaml", gated.get(Phases.SPEC_DIR + "/cluster.yaml")
                    + "  policy:\n    requireApproval: [switch-primary, destroy]\n");
            String head = repos.commit("Phase 307: switch all traffic, retire customer/0, under approval gates", gated);
            Preview preview = Preview.of(repo, base, head, Phases.SPEC_DIR, ReadLimits.DEFAULT);
            assertTrue(preview.planned(), preview.headErrors() + " " + preview.planErrors());
            String markdown = PreviewRender.markdown(preview);
            assertGolden("preview-303-to-307-gated.md", markdown);
            String beforeFold = markdown.substring(0, markdown.indexOf("<details>"));
            assertTrue(beforeFold.contains(":boom:"), "destructive steps are called out before the fold");
            assertTrue(beforeFold.contains("needs approval"), "gated steps are called out before the fold");
        }
    }

    private static void assertGolden(String name, String actual) throws IOException {
        GoldenFile.assertMatches(GOLDEN_DIR.resolve(name), actual);
    }

    @Test
    void invalidHeadShowsEachErrorByRepositoryFileAndLine() {
        try (TestRepos repos = TestRepos.create(dir); SpecRepository repo = SpecRepository.open(repos.workTree())) {
            String base = repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            Map<String, String> broken = new HashMap<>(Phases.phase("101_initial_cluster.yaml"));
            broken.put(Phases.SPEC_DIR + "/cluster.yaml",
                    broken.get(Phases.SPEC_DIR + "/cluster.yaml").replace("tabletDefaults: {replica: 2, rdonly: 1}", "tabletDefaults: {replica: two}"));
            String head = repos.commit("typo", broken);
            Preview preview = Preview.of(repo, base, head, Phases.SPEC_DIR, ReadLimits.DEFAULT);
            assertFalse(preview.planned());
            String markdown = PreviewRender.markdown(preview);
            assertTrue(markdown.contains(":x: **The spec at head is invalid**"), markdown);
            assertTrue(markdown.matches("(?s).*- `clusters/demo/cluster\\.yaml:\\d+:\\d+`: .*"), markdown);
            assertFalse(markdown.contains("<details>"), "no plan for an invalid head");
        }
    }

    @Test
    void aSpecNewAtHeadIsPlannedFromAnEmptyCluster() {
        try (TestRepos repos = TestRepos.create(dir); SpecRepository repo = SpecRepository.open(repos.workTree())) {
            String base = repos.commit("readme", Map.of("README.md", "hello\n"));
            String head = repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            Preview preview = Preview.of(repo, base, head, Phases.SPEC_DIR, ReadLimits.DEFAULT);
            assertTrue(preview.planned());
            assertTrue(PreviewRender.markdown(preview).contains("does not exist at the base commit"));
            assertTrue(preview.plan().orElseThrow().steps().stream().anyMatch(s -> s.kind().word().equals("create-keyspace")));
        }
    }
}
