package io.shardops.reconciler.gitops.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A real bare repository on disk (the "server") and a clone to commit and push from, as a user does.
 * Commit times are fixed so commit ids, and so golden files naming them, are reproducible.
 */
public final class TestRepos implements AutoCloseable {
    private static final long FIXED_EPOCH_SECONDS = 1_767_225_600L; // 2026-01-01T00:00:00Z

    private final Path bare;
    private final Git work;
    private int commits;

    private TestRepos(Path bare, Git work) {
        this.bare = bare;
        this.work = work;
    }

    public static TestRepos create(Path dir) {
        try {
            Path bare = dir.resolve("origin.git");
            Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
            Git work = Git.init().setInitialBranch("main").setDirectory(dir.resolve("work").toFile()).call();
            return new TestRepos(bare, work);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path bare() {
        return bare;
    }

    public Path workTree() {
        return work.getRepository().getWorkTree().toPath();
    }

    /** Writes (or, for a null content, deletes) files, commits them and returns the commit id. */
    public String commit(String message, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = workTree().resolve(f.getKey());
                if (f.getValue() == null) {
                    Files.deleteIfExists(target);
                    work.rm().addFilepattern(f.getKey()).call();
                } else {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, f.getValue());
                    work.add().addFilepattern(f.getKey()).call();
                }
            }
            PersonIdent who = new PersonIdent("Dana Operator", "dana@example.com",
                    Instant.ofEpochSecond(FIXED_EPOCH_SECONDS + 60L * commits++), ZoneOffset.UTC);
            RevCommit c = work.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
            return c.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits a symbolic link at {@code path} (repo-relative) pointing at {@code target}, as Git stores links. */
    public String commitSymlink(String message, String path, Path target) {
        try {
            Path link = workTree().resolve(path);
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, target);
            work.add().addFilepattern(path).call();
            return commit(message, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pushes the current branch head to {@code branch} of the bare repository. */
    public void push(String branch) {
        try {
            work.push().setRemote(bare.toUri().toString()).setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch)).setForce(true).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public String commitAndPush(String message, Map<String, String> files) {
        String id = commit(message, files);
        push("main");
        return id;
    }

    @Override
    public void close() {
        work.close();
    }
}
