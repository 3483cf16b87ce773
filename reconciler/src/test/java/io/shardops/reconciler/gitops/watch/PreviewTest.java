package io.shardops.reconciler.gitops.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.reconciler.gitops.preview.Preview;
import io.shardops.reconciler.gitops.preview.PreviewRender;
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
            .resolve("reconciler/src/test/resources/io/shardops/reconciler/gitops/watch");

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
    void aPullRequestCannotReadHostFilesIntoItsPreview() throws IOException {
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("runner")).resolve("secret.sql"),
                "create table leaked_runner_secret_table(id bigint, primary key(id));\n");
        try (TestRepos repos = TestRepos.create(dir); SpecRepository repo = SpecRepository.open(repos.workTree())) {
            String base = repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            Map<String, String> files = new HashMap<>(Phases.phase("101_initial_cluster.yaml"));
            String yaml = files.get(Phases.SPEC_DIR + "/cluster.yaml");
            files.put(Phases.SPEC_DIR + "/cluster.yaml", yaml.replace("- file: sql/customer_unsharded.sql",
                    "- file: sql/customer_unsharded.sql\n        - file: " + secret.toAbsolutePath()
                            + "\n        - file: " + "../".repeat(30) + secret.toAbsolutePath().toString().substring(1)
                            + "\n        - file: /etc/passwd\n        - file: sql/linked.sql"));
            repos.commit("try the runner's files", files);
            String head = repos.commitSymlink("a schema file that is a link out of the repository",
                    Phases.SPEC_DIR + "/sql/linked.sql", secret.toAbsolutePath());
            Preview preview = Preview.of(repo, base, head, Phases.SPEC_DIR, ReadLimits.DEFAULT);
            assertFalse(preview.planned());
            String markdown = PreviewRender.markdown(preview);
            assertFalse(markdown.contains("leaked_runner_secret_table"), markdown);
            assertFalse(markdown.contains("root:x:0") || markdown.contains("near 'root"), markdown);
            assertTrue(markdown.contains("absolute path") && markdown.contains("leads outside the spec's root"), markdown);

            String linkedYaml = repos.commitSymlink("a keyspace file that is a link out of the repository",
                    Phases.SPEC_DIR + "/keyspace.yaml", secret.toAbsolutePath());
            String linked = PreviewRender.markdown(Preview.of(repo, base, linkedYaml, Phases.SPEC_DIR, ReadLimits.DEFAULT));
            assertFalse(linked.contains("leaked_runner_secret_table"), linked);
            assertTrue(linked.contains("symbolic link"), "the committed link is refused by name: " + linked);
        }
    }

    @Test
    void aPullRequestsPathsAreCheckedAtTheirLineInTheRepository() throws IOException {
        try (TestRepos repos = TestRepos.create(dir); SpecRepository repo = SpecRepository.open(repos.workTree())) {
            String base = repos.commit("101", Phases.phase("101_initial_cluster.yaml"));
            Map<String, String> files = new HashMap<>(Phases.phase("101_initial_cluster.yaml"));
            String yaml = files.get(Phases.SPEC_DIR + "/cluster.yaml");
            files.put(Phases.SPEC_DIR + "/cluster.yaml", yaml.replace("- file: sql/customer_unsharded.sql",
                    "- file: sql/customer_unsharded.sql\n        - file: /etc/passwd\n        - file: ../../../../../../../../etc/hostname"));
            String head = repos.commit("absolute and climbing paths", files);
            Preview preview = Preview.of(repo, base, head, Phases.SPEC_DIR, ReadLimits.DEFAULT);
            String markdown = PreviewRender.markdown(preview);
            assertTrue(markdown.contains("`clusters/demo/cluster.yaml:19:17`: schema file '/etc/passwd' is an absolute path"), markdown);
            assertTrue(markdown.contains("`clusters/demo/cluster.yaml:20:17`: schema file '../../../../../../../../etc/hostname' leads outside"
                    + " the spec's root (the repository)"), markdown);
        }
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
