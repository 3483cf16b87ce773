package io.shardops.spec.load;

import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.files.SpecRoot;
import io.shardops.spec.text.Printable;
import io.shardops.spec.validate.ClusterValidator;
import io.shardops.spec.yaml.YamlLimits;
import io.shardops.spec.yaml.YamlNode;
import io.shardops.spec.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Loads cluster specs from YAML files and folders: read (bounded), schema-check, build the model,
 * run the semantic checks. Pure apart from reading the named files.
 *
 * <p>How files make specs. A file stands for itself. A folder stands for its {@code *.yaml} and
 * {@code *.yml} files (not subfolders, in name order):
 * <ul>
 *   <li>exactly one file of {@code kind: Cluster} plus any number of {@code kind: Keyspace} files:
 *       one spec, the keyspaces of those files added to the Cluster's own, in file order;</li>
 *   <li>several {@code kind: Cluster} files and no Keyspace file: that many separate specs
 *       (e.g. {@code examples/phases}, one spec per phase).</li>
 * </ul>
 * Anything else (Keyspace files without exactly one Cluster beside them) is reported as a problem.
 *
 * <p>Every file is opened through a {@link SpecRoot}: the folder given (or a file's own folder) unless
 * the caller names another root, as a preview names the repository. Nothing outside it is read.
 */
public final class SpecLoader {
    static final int MAX_FILES_PER_FOLDER = 1000;
    private final YamlLimits limits;
    private final SpecRoot root; // null: each argument is its own root

    private SpecLoader(YamlLimits limits, SpecRoot root) {
        this.limits = limits;
        this.root = root;
    }

    /** Loads one spec made of all the given files and folders together (exactly one Cluster among them). */
    public static LoadResult load(Path... paths) {
        return new SpecLoader(YamlLimits.DEFAULT, null).loadOne(List.of(paths));
    }

    /**
     * As {@link #load(Path...)}, reading only inside {@code root} (e.g. the repository a commit was
     * written out to), whatever folder the spec sits in.
     */
    public static LoadResult load(SpecRoot root, Path... paths) {
        return new SpecLoader(YamlLimits.DEFAULT, root).loadOne(List.of(paths));
    }

    /** Loads every spec the arguments hold: each file alone, each folder by the rule above. */
    public static List<LoadResult> loadAll(Path... paths) {
        return new SpecLoader(YamlLimits.DEFAULT, null).loadEach(List.of(paths));
    }

    /** As {@link #loadAll(Path...)} with other limits (tests of hostile input). */
    public static List<LoadResult> loadAll(YamlLimits limits, Path... paths) {
        return new SpecLoader(limits, null).loadEach(List.of(paths));
    }

    private LoadResult loadOne(List<Path> paths) {
        List<Read> reads = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path p : paths) {
            reads.addAll(readArgument(p, problems));
        }
        return assemble(reads, problems, paths.isEmpty() ? "" : paths.get(0).toString());
    }

    private List<LoadResult> loadEach(List<Path> paths) {
        List<LoadResult> results = new ArrayList<>();
        for (Path p : paths) {
            List<Problem> problems = new ArrayList<>();
            List<Read> reads = readArgument(p, problems);
            long clusters = reads.stream().filter(r -> r.kind() == SpecDocument.Kind.CLUSTER).count();
            long keyspaces = reads.stream().filter(r -> r.kind() == SpecDocument.Kind.KEYSPACE).count();
            if (Files.isDirectory(p) && clusters > 1 && keyspaces == 0 && problems.isEmpty()) {
                for (Read r : reads) {
                    results.add(assemble(List.of(r), new ArrayList<>(), r.display()));
                }
            } else {
                results.add(assemble(reads, problems, p.toString()));
            }
        }
        return results;
    }

    /** One file as read: its tree (null when unreadable), its kind (null when unknown), its problems. */
    private record Read(Path path, String display, String text, YamlNode root, SpecDocument.Kind kind, List<Problem> problems, SpecRoot specRoot) {}

    private List<Read> readArgument(Path arg, List<Problem> problems) {
        String display = arg.toString();
        SpecRoot within = root != null ? root : SpecRoot.around(arg);
        if (Files.isDirectory(arg)) {
            if (!within.contains(arg)) {
                problems.add(Problem.at(new SourceLocation(display, 1, 1), "path.outside-root", "the spec folder is outside the spec's root ("
                        + within.display() + ")", "give a folder inside it"));
                return List.of();
            }
            List<Path> files;
            try {
                files = SpecRoot.yamlEntries(arg);
            } catch (IOException e) {
                problems.add(Problem.at(new SourceLocation(display, 1, 1), "file.unreadable", "cannot list the folder", "check that it exists and is readable"));
                return List.of();
            }
            if (files.size() > MAX_FILES_PER_FOLDER) {
                problems.add(Problem.at(new SourceLocation(display, 1, 1), "file.too-many", "folder holds " + files.size()
                        + " YAML files; a spec folder may hold at most " + MAX_FILES_PER_FOLDER, "give the spec's own folder"));
                return List.of();
            }
            if (files.isEmpty()) {
                problems.add(Problem.at(new SourceLocation(display, 1, 1), "file.no-specs", "folder holds no .yaml or .yml file",
                        "name the spec files *.yaml, or give the files themselves"));
            }
            return files.stream().map(f -> read(within, f, arg.resolve(f.getFileName()).toString())).toList();
        }
        if (!Files.exists(arg, LinkOption.NOFOLLOW_LINKS)) {
            problems.add(Problem.at(new SourceLocation(display, 1, 1), "file.missing", "no such file or folder", "check the path"));
            return List.of();
        }
        return List.of(read(within, arg, display));
    }

    private Read read(SpecRoot within, Path file, String display) {
        SpecRoot.Content content = within.readSpecFile(file, display, limits.maxFileBytes());
        if (!content.ok()) {
            return new Read(file, display, "", null, null, List.of(content.problem()), within);
        }
        YamlReader.Result r = new YamlReader(limits).parse(display, content.text());
        YamlNode root = r.document().orElse(null);
        List<Problem> problems = new ArrayList<>(r.problems());
        SpecDocument.Kind kind = null;
        // duplicate keys leave a usable tree: check it too, so every problem shows at once
        switch (root) {
            case null -> { }
            case YamlNode.Mapping m -> kind = documentKind(m, problems);
            case YamlNode.Sequence s -> problems.add(notAMapping(s, "a list"));
            case YamlNode.Scalar s -> problems.add(notAMapping(s, "a single value"));
        }
        return new Read(file, display, r.text(), root, kind, problems, within);
    }

    private static Problem notAMapping(YamlNode root, String found) {
        return Problem.at(root.location(), "schema.wrong-type", "a spec file must be a YAML mapping (apiVersion, kind, metadata, spec), not "
                + found, "start from examples/phases/101_initial_cluster.yaml");
    }

    /** The file's {@code kind} (Cluster or Keyspace) after its JSON Schema check, or null with a problem added. */
    private static SpecDocument.Kind documentKind(YamlNode.Mapping m, List<Problem> problems) {
        YamlNode k = m.get("kind").orElse(null);
        String value = k instanceof YamlNode.Scalar s ? s.value() : null;
        Optional<SpecDocument.Kind> kind = SpecDocument.Kind.of(value);
        if (kind.isPresent()) {
            problems.addAll(JsonSchemaCheck.check(new JsonTree(m), kind.get() == SpecDocument.Kind.KEYSPACE));
            return kind.get();
        }
        if (k == null) {
            problems.add(Problem.at(m.location(), "schema.missing-field", "missing required field 'kind' at the top level",
                    "kind: Cluster for a cluster spec, kind: Keyspace for a keyspace in a file of its own"));
        } else {
            problems.add(Problem.at(k.location(), "schema.wrong-value", "kind must be Cluster or Keyspace"
                    + (value == null ? "" : " (found '" + Printable.excerpt(value) + "')"), "kind: Cluster for a cluster spec, kind: Keyspace for a keyspace in a file of its own"));
        }
        return null;
    }

    private LoadResult assemble(List<Read> reads, List<Problem> problems, String display) {
        List<String> files = reads.stream().map(Read::display).toList();
        for (Read r : reads) {
            problems.addAll(r.problems());
        }
        if (!problems.isEmpty()) {
            return new LoadResult.Invalid(problems, files.isEmpty() ? List.of(display) : files);
        }
        List<Read> clusters = reads.stream().filter(r -> r.kind() == SpecDocument.Kind.CLUSTER).toList();
        List<Read> keyspaces = reads.stream().filter(r -> r.kind() == SpecDocument.Kind.KEYSPACE).toList();
        if (clusters.size() != 1) {
            if (clusters.isEmpty()) {
                for (Read k : keyspaces) {
                    problems.add(Problem.at(k.root().location(), "spec.no-cluster", "a Keyspace file needs exactly one Cluster file beside it, and there is none",
                            "give the folder that holds the Cluster file, or add one (kind: Cluster)"));
                }
            } else {
                for (Read c : clusters.subList(1, clusters.size())) {
                    problems.add(Problem.at(c.root().location(), "spec.many-clusters", "a second Cluster in one spec (first: "
                            + clusters.get(0).display() + ")", keyspaces.isEmpty()
                            ? "load one Cluster file at a time"
                            : "keep one Cluster file per folder when keyspaces live in files of their own"));
                }
            }
            return new LoadResult.Invalid(problems, files);
        }
        Read c = clusters.get(0);
        SpecDocument clusterDoc = document(c);
        ModelBuilder builder = new ModelBuilder(c.root().location(), limits);
        Cluster cluster = builder.build(clusterDoc, keyspaces.stream().map(SpecLoader::document).toList());
        problems.addAll(builder.problems());
        problems.addAll(ClusterValidator.validate(cluster, builder.locations(), builder.incompleteSchemas()));
        if (!problems.isEmpty()) {
            problems.sort(ORDER);
            return new LoadResult.Invalid(problems, files);
        }
        return new LoadResult.Valid(cluster, files);
    }

    private static final Comparator<Problem> ORDER = Comparator.comparing((Problem p) -> p.location().file())
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column());

    private static SpecDocument document(Read r) {
        return new SpecDocument(r.path(), r.display(), r.text(), (YamlNode.Mapping) r.root(), r.kind(), r.specRoot());
    }
}
