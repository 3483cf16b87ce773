package io.shardops.reconciler.gitops.watch;

import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * A Git repository holding specs, read only through commits and their trees, never a work tree:
 * what is planned is exactly what was committed. Either an existing repository opened in place
 * (previews in CI) or a bare mirror the watcher owns in its work dir and fetches into.
 */
public final class SpecRepository implements AutoCloseable {
    private static final String REMOTE = "origin";
    private static final String TRACKING_PREFIX = "refs/remotes/" + REMOTE + "/";
    private static final int FETCH_TIMEOUT_SECONDS = 60;

    private final Git git;
    private final String description;

    private SpecRepository(Git git, String description) {
        this.git = git;
        this.description = description;
    }

    /** Opens a repository in place: a work tree's folder (its {@code .git} is found) or a bare repository. */
    public static SpecRepository open(Path path) {
        try {
            return new SpecRepository(Git.open(path.toFile()), path.toString());
        } catch (RepositoryNotFoundException e) {
            throw new GitException(path + ": not a Git repository; give --repo the folder of a clone");
        } catch (IOException e) {
            throw new GitException(path + ": cannot open the Git repository: " + e.getMessage(), e);
        }
    }

    /**
     * A bare mirror of {@code source} (a URL or a local path) in {@code workDir}: created and fetched on
     * first use, reopened afterwards. Refuses a work dir that mirrors another repository.
     */
    public static SpecRepository mirror(String source, Path workDir) {
        String url = asUrl(source);
        File dir = workDir.toFile();
        try {
            Git git;
            if (Files.isDirectory(workDir.resolve("objects"))) {
                git = Git.open(dir);
                String existing = git.getRepository().getConfig().getString("remote", REMOTE, "url");
                if (!url.equals(existing)) {
                    git.close();
                    throw new GitException(workDir + " mirrors " + existing + ", not " + url
                            + "; give this repository its own work dir");
                }
            } else {
                Files.createDirectories(workDir);
                git = Git.init().setBare(true).setDirectory(dir).call();
                StoredConfig config = git.getRepository().getConfig();
                config.setString("remote", REMOTE, "url", url);
                config.save();
            }
            SpecRepository repository = new SpecRepository(git, url);
            repository.fetch();
            return repository;
        } catch (IOException | GitAPIException e) {
            throw new GitException(workDir + ": cannot create the mirror of " + url + ": " + e.getMessage(), e);
        }
    }

    private static String asUrl(String source) {
        Path local = Path.of(source);
        if (!source.contains("://") && !source.contains("@") && Files.isDirectory(local)) {
            return local.toAbsolutePath().normalize().toString();
        }
        return source;
    }

    /** Fetches every branch of the mirrored repository (deleted branches disappear). */
    public void fetch() {
        try {
            git.fetch()
                    .setRemote(REMOTE)
                    .setRefSpecs(new RefSpec("+refs/heads/*:" + TRACKING_PREFIX + "*"))
                    .setRemoveDeletedRefs(true)
                    .setTimeout(FETCH_TIMEOUT_SECONDS)
                    .call();
        } catch (GitAPIException | RuntimeException e) {
            throw new GitException("cannot fetch " + description + ": " + e.getMessage(), e);
        }
    }

    /** The head of a branch of a mirror, as of the last fetch. */
    public CommitInfo branchHead(String branch) {
        return resolve(TRACKING_PREFIX + branch, "branch '" + branch + "'");
    }

    /** A ref, branch, tag or commit id, as {@code git rev-parse REF^{commit}} resolves it. */
    public CommitInfo resolve(String ref) {
        return resolve(ref, "'" + ref + "'");
    }

    private CommitInfo resolve(String ref, String what) {
        ObjectId id;
        try {
            id = git.getRepository().resolve(ref + "^{commit}");
        } catch (RevisionSyntaxException | IOException e) {
            throw new GitException(description + ": cannot resolve " + what + ": " + e.getMessage(), e);
        }
        if (id == null) {
            throw new GitException(description + ": " + what + " names no commit; check the branch or ref"
                    + " (a CI checkout may need 'git fetch' of it first)");
        }
        return commit(id);
    }

    public CommitInfo commit(ObjectId id) {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            RevCommit c = walk.parseCommit(id);
            return new CommitInfo(c.name(), c.getShortMessage(), c.getAuthorIdent().getName(), c.getAuthorIdent().getWhenAsInstant());
        } catch (IOException e) {
            throw new GitException(description + ": cannot read commit " + id.name() + ": " + e.getMessage(), e);
        }
    }

    /** Checks the OpenPGP signatures of {@code head} and every commit since {@code lastApplied} against {@code keys}. */
    public CommitSignatures.ChainVerdict verifySince(CommitInfo head, Optional<CommitInfo> lastApplied, CommitSignatures keys,
            Instant now) {
        try {
            return keys.verifySince(git.getRepository(), ObjectId.fromString(head.id()),
                    lastApplied.map(c -> ObjectId.fromString(c.id())), now);
        } catch (IOException e) {
            throw new GitException(description + ": cannot read the commits up to " + head.shortId() + ": " + e.getMessage(), e);
        }
    }

    public CommitInfo commit(String id) {
        return commit(ObjectId.fromString(id));
    }

    /**
     * Reads the spec at {@code specPath} (a file or a folder, repo-relative) from the commit's tree: the
     * folder it names or sits in, recursively, within {@code limits}. Problems are returned, not thrown:
     * a commit someone pushed is input, and a bad one is reported like an invalid spec.
     */
    public SpecFiles read(CommitInfo commit, String specPath, ReadLimits limits) {
        String path = normalise(specPath);
        Repository repository = git.getRepository();
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit c = walk.parseCommit(ObjectId.fromString(commit.id()));
            String folder = path;
            if (!path.isEmpty()) {
                try (TreeWalk at = TreeWalk.forPath(repository, path, c.getTree())) {
                    if (at == null) {
                        return new SpecFiles(commit, path, path, Map.of(), List.of(problem(path, "git.path-not-found",
                                "no such file or folder in commit " + commit.shortId(), "check --path against the repository's layout")));
                    }
                    if (!FileMode.TREE.equals(at.getFileMode(0))) {
                        folder = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
                    }
                }
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            List<Problem> problems = new ArrayList<>();
            long total = 0;
            try (TreeWalk tree = new TreeWalk(repository)) {
                tree.addTree(c.getTree());
                tree.setRecursive(true);
                if (!folder.isEmpty()) {
                    tree.setFilter(PathFilter.create(folder));
                }
                while (tree.next()) {
                    String file = tree.getPathString();
                    FileMode mode = tree.getFileMode(0);
                    if (FileMode.SYMLINK.equals(mode)) {
                        if (isSpecFile(file) || file.equals(path)) {
                            problems.add(problem(file, "git.symlink", "a symbolic link; shardops reads only files stored in the commit",
                                    "commit the file itself instead of a link"));
                        }
                        continue;
                    }
                    if (!FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)) {
                        continue; // submodules: not part of a spec
                    }
                    if (files.size() == limits.maxFiles()) {
                        problems.add(problem(folder, "git.too-many-files", "more than " + limits.maxFiles() + " files under the spec path",
                                "point --path at the folder that holds only the spec"));
                        break;
                    }
                    ObjectLoader blob = repository.open(tree.getObjectId(0), Constants.OBJ_BLOB);
                    long size = blob.getSize();
                    if (size > limits.maxFileBytes()) {
                        problems.add(problem(file, "git.file-too-large", size + " bytes, more than the " + limits.maxFileBytes()
                                + " a file under the spec path may hold", "keep large files outside the spec's folder"));
                        continue;
                    }
                    if (total + size > limits.maxTotalBytes()) {
                        problems.add(problem(folder, "git.spec-too-large", "the files under the spec path add up to more than "
                                + limits.maxTotalBytes() + " bytes", "point --path at the folder that holds only the spec"));
                        break;
                    }
                    total += size;
                    files.put(file, blob.getCachedBytes(Math.toIntExact(size)));
                }
            }
            return new SpecFiles(commit, path, folder, files, problems);
        } catch (IOException e) {
            throw new GitException(description + ": cannot read commit " + commit.shortId() + ": " + e.getMessage(), e);
        }
    }

    private static Problem problem(String path, String code, String message, String hint) {
        return Problem.at(new SourceLocation(path.isEmpty() ? "." : path, 1, 1), code, message, hint);
    }

    private static boolean isSpecFile(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }

    /** A repo-relative path without leading {@code ./} or {@code /} and trailing {@code /}; "" is the root. */
    static String normalise(String specPath) {
        String p = specPath == null ? "" : specPath.replace('\\', '/').trim();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals(".")) {
            p = "";
        }
        for (String segment : p.split("/")) {
            if (segment.equals("..")) {
                throw new GitException("--path " + specPath + ": must stay inside the repository (no '..')");
            }
        }
        return p;
    }

    @Override
    public void close() {
        git.close();
    }
}
