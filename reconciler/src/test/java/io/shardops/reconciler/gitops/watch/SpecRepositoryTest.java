package io.shardops.reconciler.gitops.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSpecFromTheCommitNotTheWorkTree() throws Exception {
        try (TestRepos repos = TestRepos.create(dir)) {
            String first = repos.commit("first", Map.of("clusters/demo/cluster.yaml", "v: 1\n", "clusters/demo/sql/a.sql", "create table a(x int);\n", "other/x.yaml", "no\n"));
            Files.writeString(repos.workTree().resolve("clusters/demo/cluster.yaml"), "edited but not committed\n");
            try (SpecRepository repo = SpecRepository.open(repos.workTree())) {
                SpecFiles files = repo.read(repo.resolve("HEAD"), "clusters/demo", ReadLimits.DEFAULT);
                assertEquals(first, files.commit().id());
                assertEquals(List.of("clusters/demo/cluster.yaml", "clusters/demo/sql/a.sql"), List.copyOf(files.files().keySet()));
                assertEquals("v: 1\n", new String(files.files().get("clusters/demo/cluster.yaml"), StandardCharsets.UTF_8));
                assertEquals(List.of(), files.problems());
            }
        }
    }

    @Test
    void aFilePathBringsItsFolderAlong() {
        try (TestRepos repos = TestRepos.create(dir)) {
            repos.commit("c", Map.of("phases/301.yaml", "a\n", "phases/sql/p.sql", "b\n", "README.md", "r\n"));
            try (SpecRepository repo = SpecRepository.open(repos.workTree())) {
                SpecFiles files = repo.read(repo.resolve("main"), "./phases/301.yaml", ReadLimits.DEFAULT);
                assertEquals("phases", files.folder());
                assertEquals(List.of("phases/301.yaml", "phases/sql/p.sql"), List.copyOf(files.files().keySet()));
            }
        }
    }

    @Test
    void boundsAreReportedAsProblemsNamingThePath() {
        try (TestRepos repos = TestRepos.create(dir)) {
            repos.commit("c", Map.of("spec/big.yaml", "x".repeat(2000), "spec/small.yaml", "y\n"));
            try (SpecRepository repo = SpecRepository.open(repos.workTree())) {
                SpecFiles files = repo.read(repo.resolve("HEAD"), "spec", new ReadLimits(1000, 10_000, 10));
                assertEquals(List.of("spec/small.yaml"), List.copyOf(files.files().keySet()));
                Problem p = files.problems().get(0);
                assertEquals("spec/big.yaml:1:1: error: 2000 bytes, more than the 1000 a file under the spec path may hold"
                        + "\n    hint: keep large files outside the spec's folder", p.render());
                SpecFiles few = repo.read(repo.resolve("HEAD"), "spec", new ReadLimits(10_000, 10_000, 1));
                assertEquals("git.too-many-files", few.problems().get(0).code());
                SpecFiles missing = repo.read(repo.resolve("HEAD"), "nowhere", ReadLimits.DEFAULT);
                assertEquals("git.path-not-found", missing.problems().get(0).code());
            }
        }
    }

    @Test
    void mirrorFetchesNewCommitsFromABareRepository() {
        try (TestRepos repos = TestRepos.create(dir)) {
            String one = repos.commitAndPush("one", Map.of("s.yaml", "1\n"));
            try (SpecRepository mirror = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror"))) {
                assertEquals(one, mirror.branchHead("main").id());
                String two = repos.commitAndPush("two", Map.of("s.yaml", "2\n"));
                assertEquals(one, mirror.branchHead("main").id());
                mirror.fetch();
                assertEquals(two, mirror.branchHead("main").id());
                assertEquals("two", mirror.branchHead("main").subject());
            }
            // Reopening the work dir continues from the same mirror.
            try (SpecRepository again = SpecRepository.mirror(repos.bare().toString(), dir.resolve("mirror"))) {
                assertEquals("two", again.branchHead("main").subject());
            }
        }
    }

    @Test
    void errorsSayWhatToDo() {
        try (TestRepos repos = TestRepos.create(dir)) {
            repos.commitAndPush("one", Map.of("s.yaml", "1\n"));
            try (SpecRepository repo = SpecRepository.open(repos.workTree())) {
                GitException e = assertThrows(GitException.class, () -> repo.resolve("no-such-branch"));
                assertTrue(e.getMessage().contains("'no-such-branch' names no commit"), e.getMessage());
                assertThrows(GitException.class, () -> repo.read(repo.resolve("HEAD"), "../etc", ReadLimits.DEFAULT));
            }
            GitException notRepo = assertThrows(GitException.class, () -> SpecRepository.open(dir.resolve("nothing")));
            assertTrue(notRepo.getMessage().contains("not a Git repository"), notRepo.getMessage());
        }
    }
}
