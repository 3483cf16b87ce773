package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two project packages depend on each other, directly or through others: a reader can follow the
 * dependencies down from the CLI to the spec without coming back. The graph comes from the main sources of
 * every module (imports and fully-qualified names in code), so it follows any package rename without edits.
 * Tests are left out: a test may sit in a package above the code it drives.
 */
class PackageCyclesTest {
    private static final String PROJECT = "io.shardops";
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A project name followed by a type: {@code io.shardops.a.b.Type} in an import or inline in code. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.shardops(?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z*]");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'", Pattern.DOTALL);

    /** Package → the packages it uses → the files that use them (for the failure message). */
    record Graph(Map<String, Map<String, Set<String>>> edges) {
        void add(String from, String to, String file) {
            edges.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>()).add(file);
        }
    }

    static Path repo() {
        String root = System.getProperty("repo.root");
        return root != null ? Path.of(root) : Path.of("..");
    }

    @Test
    void mainCodeHasNoPackageCycles() throws IOException {
        Graph graph = graphOf(repo());
        assertTrue(graph.edges().size() > 20, "expected the project's packages under " + repo().toAbsolutePath());
        List<Set<String>> cycles = cycles(graph);
        assertEquals("", cycles.stream().map(c -> describe(graph, c)).collect(Collectors.joining("\n")),
                "package cycles (break each by moving the shared type to the lower package, or a new one below both)");
    }

    /** The gateway and tablet of a Kubernetes pod run without the local node: nothing of a {@code local} package. */
    @Test
    void podCommandsDoNotUseTheLocalNode() throws IOException {
        try (Stream<Path> files = Files.walk(repo().resolve("reconciler/src/main/java"))) {
            List<String> offenders = files.filter(p -> p.getFileName().toString().matches("(Gateway|Tablet)Command\\.java"))
                    .filter(p -> Pattern.compile("\\bio\\.shardops(\\.\\w+)*\\.local\\.[A-Z]").matcher(
                            COMMENTS_AND_STRINGS.matcher(read(p)).replaceAll(" ")).find())
                    .map(p -> p.getFileName().toString()).toList();
            assertEquals(List.of(), offenders);
        }
    }

    @Test
    void findsACycleThroughAnImportAndAnInlineName() {
        Graph graph = new Graph(new TreeMap<>());
        scan(graph, "a/A.java", "package io.shardops.a;\nimport io.shardops.b.B;\nclass A { B b; }\n");
        scan(graph, "b/B.java", "package io.shardops.b;\n// io.shardops.a.A in a comment does not count\n"
                + "class B { String s = \"io.shardops.c.C\"; io.shardops.a.A a; }\n");
        assertEquals(List.of(Set.of("io.shardops.a", "io.shardops.b")), cycles(graph));
    }

    static Graph graphOf(Path root) throws IOException {
        Graph graph = new Graph(new TreeMap<>());
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))
                    .forEach(p -> scan(graph, root.relativize(p).toString(), read(p)));
        }
        return graph;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void scan(Graph graph, String file, String source) {
        String code = COMMENTS_AND_STRINGS.matcher(source).replaceAll(" ");
        Matcher pkg = PACKAGE.matcher(code);
        if (!pkg.find()) {
            return;
        }
        String from = pkg.group(1);
        Matcher ref = REFERENCE.matcher(code);
        while (ref.find()) {
            String to = ref.group(1);
            if (!to.equals(from) && to.startsWith(PROJECT + ".") && !to.equals(PROJECT)) {
                graph.add(from, to, Path.of(file).getFileName().toString());
            }
        }
    }

    /** The strongly connected components with more than one package (Tarjan). */
    static List<Set<String>> cycles(Graph graph) {
        return new Tarjan(graph.edges()).run();
    }

    private static String describe(Graph graph, Set<String> cycle) {
        StringBuilder b = new StringBuilder("cycle " + cycle + ":");
        for (String from : cycle) {
            graph.edges().getOrDefault(from, Map.of()).forEach((to, files) -> {
                if (cycle.contains(to)) {
                    b.append("\n  ").append(from).append(" -> ").append(to).append(" in ").append(files);
                }
            });
        }
        return b.toString();
    }

    private static final class Tarjan {
        private final Map<String, Map<String, Set<String>>> edges;
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> low = new TreeMap<>();
        private final List<String> stack = new ArrayList<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> found = new ArrayList<>();

        Tarjan(Map<String, Map<String, Set<String>>> edges) {
            this.edges = edges;
        }

        List<Set<String>> run() {
            for (String v : edges.keySet()) {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            }
            return found;
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.add(v);
            onStack.add(v);
            for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.remove(stack.size() - 1);
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                Optional.of(component).filter(c -> c.size() > 1).ifPresent(found::add);
            }
        }
    }
}
