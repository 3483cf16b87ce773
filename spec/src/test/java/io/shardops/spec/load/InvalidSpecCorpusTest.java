package io.shardops.spec.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.golden.GoldenFile;
import io.shardops.spec.Problem;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every spec under {@code src/test/resources/invalid/} (a file, or a folder of parts) and every
 * generated hostile input is rejected with exactly the messages in its {@code NAME.expected}
 * file, each naming file, line and column, quickly and without allocating much.
 * Regenerate the expected files with {@code -Dgolden.update=true} and review the diff.
 */
class InvalidSpecCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/invalid");
    private static final Path GENERATED = Path.of("target/invalid-generated");
    private static final long MAX_ALLOCATED_BYTES = 256L << 20;

    /** Hostile inputs too large or too binary to keep in the repository; written at test time. */
    private static final Map<String, Supplier<byte[]>> HOSTILE = Map.of(
            "hostile-deep-nesting", () -> ("a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n").getBytes(StandardCharsets.UTF_8),
            "hostile-huge-document", InvalidSpecCorpusTest::hugeDocument,
            "hostile-binary-garbage", () -> {
                byte[] b = new byte[4096];
                new Random(42).nextBytes(b);
                return b;
            },
            "hostile-not-utf8", () -> "apiVersion: shardops.io/v1\nkind: Cluster\nmetadata: {name: d\u00e9mo}\n".getBytes(StandardCharsets.ISO_8859_1),
            "hostile-deep-block-nesting", InvalidSpecCorpusTest::deepBlockNesting,
            "hostile-sql-nesting", () -> ("apiVersion: shardops.io/v1\nkind: Cluster\nmetadata: {name: demo}\nspec:\n  cells: [{name: zone1}]\n"
                    + "  keyspaces:\n    - name: ks\n      shards: [{name: \"0\"}]\n      schema:\n        - sql: \"create table t(a int default "
                    + "(".repeat(5000) + "1" + ")".repeat(5000) + ")\"\n      vschema: {tables: {t: {}}}\n").getBytes(StandardCharsets.UTF_8));

    private static byte[] hugeDocument() {
        StringBuilder b = new StringBuilder("apiVersion: shardops.io/v1\nkind: Cluster\nmetadata: {name: demo}\nspec:\n  keyspaces:\n");
        int i = 0;
        while (b.length() < 5 << 20) {
            b.append("    - name: ks").append(i++).append("\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] deepBlockNesting() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            b.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @BeforeAll
    static void warmUp() {
        // the first load initialises the schema registry; keep that out of the per-case allocation bound
        SpecLoader.loadAll(CORPUS.resolve("schema-unknown-field.yaml"));
    }

    static Stream<String> cases() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        try (Stream<Path> s = Files.list(CORPUS)) {
            s.sorted().forEach(p -> {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p)) {
                    names.add(n + "/");
                } else if (n.endsWith(".yaml")) {
                    names.add(n);
                }
            });
        }
        HOSTILE.keySet().stream().sorted().forEach(names::add);
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void invalidSpecIsRejectedWithItsExpectedMessages(String name) throws IOException {
        Path input;
        String prefix;
        if (HOSTILE.containsKey(name)) {
            Files.createDirectories(GENERATED);
            input = GENERATED.resolve(name + ".yaml");
            Files.write(input, HOSTILE.get(name).get());
            prefix = GENERATED + "/";
        } else {
            input = CORPUS.resolve(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
            prefix = CORPUS + "/";
        }
        List<LoadResult> results = new ArrayList<>();
        long[] allocated = new long[1];
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            results.addAll(SpecLoader.loadAll(input));
            allocated[0] = mx.getCurrentThreadAllocatedBytes() - before;
        });
        List<Problem> problems = results.stream().flatMap(r -> r.problems().stream()).toList();
        assertFalse(problems.isEmpty(), name + " was accepted");
        assertTrue(results.stream().noneMatch(LoadResult::isValid), name + " yielded a valid spec");
        for (Problem p : problems) {
            assertTrue(p.location().line() >= 1 && p.location().column() >= 1, name + ": no line and column in " + p.render());
        }
        assertTrue(allocated[0] < MAX_ALLOCATED_BYTES, name + " allocated " + (allocated[0] >> 20) + " MiB");

        StringBuilder actual = new StringBuilder();
        for (Problem p : problems) {
            actual.append(p.render().replace(prefix, "")).append('\n');
        }
        actual.append(problems.size()).append(problems.size() == 1 ? " error\n" : " errors\n");
        Path expectedFile = CORPUS.resolve(name.replace("/", "").replaceAll("\\.yaml$", "") + ".expected");
        GoldenFile.assertMatches(expectedFile, actual.toString());
    }
}
