package io.shardops.reconciler.cli;

import io.shardops.dataplane.files.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The demo's Git repository: one branch, {@code main}, whose commits each set the spec folder to one
 * phase (its cluster.yaml and the SQL files it names), as a person would commit them.
 */
final class DemoRepo implements AutoCloseable {
    private static final PersonIdent AUTHOR = new PersonIdent("shardops demo", "demo@shardops.invalid");

    private final Git git;
    private final String specPath;

    private DemoRepo(Git git, String specPath) {
        this.git = git;
        this.specPath = specPath;
    }

    /** A new repository in {@code dir}; a repository from an earlier demo there is removed, so each run tells the story from the start. */
    static DemoRepo create(Path dir, String specPath) throws IOException {
        if (Files.exists(dir)) {
            FileTrees.deleteRecursively(dir);
        }
        FileTrees.deleteRecursively(dir.resolveSibling("watch"));
        try {
            return new DemoRepo(Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call(), specPath);
        } catch (GitAPIException e) {
            throw new UserException("cannot create the demo's repository in " + dir + ": " + e.getMessage());
        }
    }

    Path dir() {
        return git.getRepository().getWorkTree().toPath();
    }

    String specPath() {
        return specPath;
    }

    /** Commits {@code phase} as the spec's cluster.yaml with the SQL files of {@code sqlDir}. */
    void commit(Path phase, Path sqlDir, String message) throws IOException {
        Path spec = dir().resolve(specPath);
        Files.createDirectories(spec.resolve("sql"));
        Files.copy(phase, spec.resolve("cluster.yaml"), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> sql = Files.list(sqlDir)) {
            for (Path f : sql.toList()) {
                Files.copy(f, spec.resolve("sql").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try {
            git.add().addFilepattern(specPath).call();
            git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
        } catch (GitAPIException e) {
            throw new UserException("cannot commit to the demo's repository " + dir() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
