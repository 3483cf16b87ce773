package io.shardops.reconciler.provision.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden files under reconciler/src/test/resources/kubernetes; {@code -Dgolden.update=true} rewrites them. */
final class Golden {
    private Golden() {}

    static Path repoRoot() {
        String root = System.getProperty("repo.root");
        Path p = root == null ? Path.of("").toAbsolutePath() : Path.of(root);
        return Files.isDirectory(p.resolve("reconciler")) ? p : p.getParent();
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path file = repoRoot().resolve("reconciler/src/test/resources/kubernetes").resolve(name);
        if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                "rendered manifests differ from " + file + " (review, then regenerate with -Dgolden.update=true)");
    }
}
