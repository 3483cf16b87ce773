package io.shardops.reconciler.gitops.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecAtCommitTest {
    @TempDir
    Path dir;

    @Test
    void loadsAPhaseFromTheCommit() {
        try (TestRepos repos = TestRepos.create(dir); SpecRepository repo = SpecRepository.open(repos.workTree())) {
            repos.commit("301", Phases.phase("301_customer_sharded.yaml"));
            LoadedSpec spec = SpecAtCommit.load(repo, repo.resolve("HEAD"), Phases.SPEC_DIR, ReadLimits.DEFAULT);
            assertEquals(List.of(), spec.errors());
            assertEquals(List.of("commerce", "customer"), spec.cluster().orElseThrow().keyspaces().stream().map(k -> k.name()).toList());
        }
    }

    @Test
    void errorsNameTheFileAsItIsInTheRepository() {
        try (TestRepos repos = TestRepos.create(dir); SpecRepository repo = SpecRepository.open(repos.workTree())) {
            Map<String, String> files = new HashMap<>(Phases.phase("101_initial_cluster.yaml"));
            files.put(Phases.SPEC_DIR + "/cluster.yaml", files.get(Phases.SPEC_DIR + "/cluster.yaml").replace("name: \"0\"", "name: \"0\"\n          bogus: 1"));
            repos.commit("broken", files);
            LoadedSpec spec = SpecAtCommit.load(repo, repo.resolve("HEAD"), Phases.SPEC_DIR + "/cluster.yaml", ReadLimits.DEFAULT);
            assertFalse(spec.valid());
            for (String e : spec.errors()) {
                assertTrue(e.startsWith("clusters/demo/cluster.yaml:"), e);
                assertFalse(e.contains("shardops-spec-"), e);
            }
        }
    }

    @Test
    void aMissingSchemaFileIsNamedByItsRepositoryPath() {
        try (TestRepos repos = TestRepos.create(dir); SpecRepository repo = SpecRepository.open(repos.workTree())) {
            Map<String, String> files = new HashMap<>(Phases.phase("101_initial_cluster.yaml"));
            files.remove(Phases.SPEC_DIR + "/sql/product.sql");
            repos.commit("no product.sql", files);
            LoadedSpec spec = SpecAtCommit.load(repo, repo.resolve("HEAD"), Phases.SPEC_DIR, ReadLimits.DEFAULT);
            assertFalse(spec.valid());
            String all = String.join("\n", spec.errors());
            assertTrue(all.contains("product.sql"), all);
            assertFalse(all.contains("shardops-spec-"), all);
        }
    }
}
