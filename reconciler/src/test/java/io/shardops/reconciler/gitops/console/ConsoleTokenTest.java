package io.shardops.reconciler.gitops.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTokenTest {
    private static final String TOKEN = "3f0c2a9d8e7b6a5f4e3d2c1b";

    @Test
    void admitsOnlyTheBearerToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        ConsoleToken token = ConsoleToken.readFrom(file);
        assertTrue(token.admits("Bearer " + TOKEN));
        assertTrue(token.admits("bearer " + TOKEN));
        assertFalse(token.admits("Bearer " + TOKEN + "x"));
        assertFalse(token.admits("Bearer " + TOKEN.substring(1)));
        assertFalse(token.admits("Basic " + TOKEN));
        assertFalse(token.admits(TOKEN));
        assertFalse(token.admits(null));
    }

    @Test
    void refusesAnEmptyOrShortTokenFileSayingWhatToDo(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsoleToken.readFrom(empty));
        assertTrue(e.getMessage().contains("openssl rand"), e.getMessage());
        Path shortToken = dir.resolve("short");
        Files.writeString(shortToken, "secret");
        e = assertThrows(IllegalArgumentException.class, () -> ConsoleToken.readFrom(shortToken));
        assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    }
}
