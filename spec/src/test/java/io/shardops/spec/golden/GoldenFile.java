package io.shardops.spec.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one compare-or-update of golden files, for every module's tests: a test compares what a person would
 * read with the file kept in the repository; run with {@code -Dgolden.update=true}, it writes the file instead,
 * and the change is reviewed as a diff. A golden file that is missing fails the test (it is not written
 * silently), so a renamed case cannot pass without its file.
 */
public final class GoldenFile {
    /** The switch that regenerates every golden file. */
    public static final String UPDATE_PROPERTY = "golden.update";

    private GoldenFile() {}

    public static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    /**
     * Whether {@code file} holds exactly {@code actual}; when updating, writes it (creating its folder) and
     * answers true.
     */
    public static boolean matches(Path file, String actual) throws IOException {
        if (updating()) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return true;
        }
        return Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(actual);
    }

    /** Fails, showing the difference, unless {@code file} holds exactly {@code actual}; when updating, writes it. */
    public static void assertMatches(Path file, String actual) throws IOException {
        if (matches(file, actual)) {
            return;
        }
        if (!Files.exists(file)) {
            fail("no golden file " + file + "; " + howToUpdate());
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, file + " differs; if the change is intended, " + howToUpdate());
    }

    /** What a failure message tells a person to do. */
    public static String howToUpdate() {
        return "regenerate with -D" + UPDATE_PROPERTY + "=true and review the diff";
    }
}
