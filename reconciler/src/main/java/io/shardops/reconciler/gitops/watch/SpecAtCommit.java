package io.shardops.reconciler.gitops.watch;

import io.shardops.dataplane.files.FileTrees;
import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import io.shardops.spec.files.SpecRoot;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import io.shardops.spec.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the spec of a commit: its files are read from the commit's tree, written to a fresh temporary
 * folder in their repo layout, loaded and validated there, and every problem is renamed back to its
 * path in the repository, so a user reads {@code clusters/demo/cluster.yaml:12:7}, not a temp path.
 */
public final class SpecAtCommit {
    private SpecAtCommit() {}

    public static LoadedSpec load(SpecRepository repository, CommitInfo commit, String specPath, ReadLimits limits) {
        SpecFiles files = repository.read(commit, specPath, limits);
        if (!files.problems().isEmpty()) {
            return new LoadedSpec(commit, files.specPath(), hash(files), Optional.empty(), files.problems());
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("shardops-spec-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the spec of " + commit.shortId(), e);
        }
        try {
            materialise(files.files(), dir);
            Path spec = files.specPath().isEmpty() ? dir : dir.resolve(files.specPath());
            // the root is the repository as committed: a spec may name files anywhere in it, and nothing outside it
            LoadResult result = SpecLoader.load(SpecRoot.at(dir, "the repository"), spec);
            String prefix = dir.toAbsolutePath() + dir.getFileSystem().getSeparator();
            List<Problem> problems = result.problems().stream().map(p -> renamed(p, prefix)).toList();
            // the model keeps where each part was written, for the change review's findings: repository paths too
            Optional<Cluster> cluster = result.cluster()
                    .map(c -> c.withPositions(c.positions().withFiles(f -> f.startsWith(prefix) ? f.substring(prefix.length()) : f)));
            return problems.isEmpty()
                    ? new LoadedSpec(commit, files.specPath(), hash(files), cluster, List.of())
                    : new LoadedSpec(commit, files.specPath(), hash(files), Optional.empty(), problems);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Writes each file under {@code dir} at its repo-relative path; a path that would leave {@code dir} is refused. */
    static void materialise(Map<String, byte[]> files, Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path target = root.resolve(f.getKey()).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw new GitException("refusing the tree entry '" + f.getKey() + "': it would be written outside the spec folder");
            }
            try {
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
        }
    }

    /** SHA-256 over each file's repo-relative path and content, in tree order. */
    static String hash(SpecFiles files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
                digest.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(f.getValue());
                digest.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Problem renamed(Problem p, String tempPrefix) {
        SourceLocation at = p.location();
        String file = at.file().startsWith(tempPrefix) ? at.file().substring(tempPrefix.length()) : at.file();
        return new Problem(new SourceLocation(file, at.line(), at.column()), p.code(),
                p.message().replace(tempPrefix, ""), p.hint().replace(tempPrefix, ""));
    }

    private static void deleteRecursively(Path dir) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException ignored) {
            // A leftover temp folder holds only a copy of committed files; the OS cleans /tmp.
        }
    }
}
