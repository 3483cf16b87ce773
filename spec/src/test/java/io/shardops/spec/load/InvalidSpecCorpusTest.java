package io.shardops.spec.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.shardops.spec.golden.GoldenFile;
import io.shardops.spec.Problem;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /** What a host secret looks like; no expected output may contain it. */
    static final String SECRET = "s3cr3t-token-0123456789abcdef0123456789abcdef";

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

    /**
     * Hostile spec folders that need what a repository cannot hold safely (links to host files, a FIFO):
     * built under {@code target/} at test time. Each stands next to a host "secret" ({@link #SECRET}) the
     * spec must not read; the expected output proves it was refused and never quoted.
     */
    private static final Map<String, TreeBuilder> HOSTILE_TREES = Map.of(
            "hostile-path-symlink-sql", dir -> {
                writeSpec(dir, "        - file: sql/tables.sql", "{type: none}");
                Files.createDirectories(dir.resolve("sql"));
                Files.createSymbolicLink(dir.resolve("sql/tables.sql"), secretFile(dir));
            },
            "hostile-path-symlink-folder", dir -> {
                writeSpec(dir, "        - file: sql/outside/token", "{type: none}");
                Files.createDirectories(dir.resolve("sql"));
                Files.createSymbolicLink(dir.resolve("sql/outside"), secretFile(dir).getParent());
            },
            "hostile-path-symlink-yaml", dir -> {
                writeSpec(dir, "        - sql: create table product(sku varbinary(128), primary key(sku))", "{type: none}");
                Files.createSymbolicLink(dir.resolve("keyspace.yaml"), secretFile(dir));
            },
            "hostile-path-fifo", dir -> {
                writeSpec(dir, "        - file: sql/tables.sql", "{type: none}");
                Files.createDirectories(dir.resolve("sql"));
                mkfifo(dir.resolve("sql/tables.sql"));
            },
            "hostile-path-users-file-symlink", dir -> {
                writeSpec(dir, "        - sql: create table product(sku varbinary(128), primary key(sku))", "{type: static, usersFile: users.json}");
                Files.createSymbolicLink(dir.resolve("users.json"), secretFile(dir));
            },
            "hostile-path-users-file-not-json", dir -> {
                // inside the root, but not a users file: the parse error gives a position, never the text
                writeSpec(dir, "        - sql: create table product(sku varbinary(128), primary key(sku))", "{type: static, usersFile: users.json}");
                Files.writeString(dir.resolve("users.json"), SECRET + "\n");
            },
            "hostile-path-sql-secret-inside", dir -> {
                // a file inside the root that is not SQL: at most a short excerpt of it is quoted
                writeSpec(dir, "        - file: notes.sql", "{type: none}");
                Files.writeString(dir.resolve("notes.sql"), SECRET + " " + SECRET + " " + SECRET + "\n");
            });

    interface TreeBuilder {
        void build(Path dir) throws IOException;
    }

    private static Path secretFile(Path specDir) throws IOException {
        Path host = specDir.resolveSibling(specDir.getFileName() + "-host");
        Files.createDirectories(host);
        Path token = host.resolve("token");
        Files.writeString(token, SECRET + "\n");
        return token.toAbsolutePath();
    }

    private static void mkfifo(Path p) throws IOException {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
            if (proc.waitFor() != 0) {
                throw new IOException("mkfifo failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void writeSpec(Path dir, String schema, String auth) throws IOException {
        Files.writeString(dir.resolve("cluster.yaml"), """
                apiVersion: shardops.io/v1
                kind: Cluster
                metadata:
                  name: demo
                spec:
                  cells:
                    - name: zone1
                      gateway: {replicas: 1, mysqlPort: 15306, auth: AUTH}
                  keyspaces:
                    - name: commerce
                      shards:
                        - name: "0"
                      schema:
                SCHEMA
                      vschema:
                        tables:
                          product: {}
                """.replace("AUTH", auth).replace("SCHEMA", schema));
    }

    private static byte[] hugeDocument() {
        StringBuilder b = new StringBuilder("apiVersion: shardops.io/v1\nkind: Cluster\nmetadata: {name: demo}\nspec:\n  keyspaces:\n");
        int i = 0;
        while (b.length() < 5 << 20) {
            b.append("    - name: ks").append(i++).append("\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.list(p)) {
                for (Path c : s.toList()) {
                    deleteTree(c);
                }
            }
        }
        Files.delete(p);
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
        HOSTILE_TREES.keySet().stream().sorted().forEach(names::add);
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void invalidSpecIsRejectedWithItsExpectedMessages(String name) throws IOException {
        Path input;
        String prefix;
        if (HOSTILE_TREES.containsKey(name)) {
            Path base = GENERATED.resolve("trees");
            input = base.resolve(name);
            deleteTree(input);
            deleteTree(base.resolve(name + "-host"));
            Files.createDirectories(input);
            HOSTILE_TREES.get(name).build(input);
            prefix = base + "/";
        } else if (HOSTILE.containsKey(name)) {
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
            ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
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
        assertFalse(actual.toString().contains(SECRET.substring(0, 12)), name + " quotes the secret it must not read:\n" + actual);
        assertFalse(actual.toString().contains("root:x:0"), name + " quotes /etc/passwd:\n" + actual);
        assertFalse(actual.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' || ch == 0x7f), name + " prints a raw control character:\n" + actual);
        Path expectedFile = CORPUS.resolve(name.replace("/", "").replaceAll("\\.yaml$", "") + ".expected");
        GoldenFile.assertMatches(expectedFile, actual.toString());
    }
}
