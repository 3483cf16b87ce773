package io.shardops.dataplane.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenFileIsReadBackAndOnlyItsOwnerMayReadIt() throws IOException {
        ClusterCredentials c = ClusterCredentials.generate();
        Path file = dir.resolve("secrets/credentials.json");
        c.write(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(c, ClusterCredentials.read(file).orElseThrow());
    }

    @Test
    void everyClusterGetsDifferentStrongSecrets() {
        ClusterCredentials a = ClusterCredentials.generate();
        ClusterCredentials b = ClusterCredentials.generate();
        assertNotEquals(a.controlToken(), b.controlToken());
        assertNotEquals(a.mysql().adminPassword(), b.mysql().adminPassword());
        assertTrue(a.etcdPassword().length() >= 32);
        assertFalse(a.toString().contains(a.controlToken()), "toString must not print a secret");
    }

    @Test
    void aFileOthersMayReadIsRefusedWithoutQuotingIt() throws IOException {
        Path file = dir.resolve("credentials.json");
        ClusterCredentials.generate().write(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> ClusterCredentials.read(file));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "{\"version\":1,\"controlToken\":\"short\"}");
        IOException bad = assertThrows(IOException.class, () -> ClusterCredentials.read(file));
        assertFalse(bad.getMessage().contains("short"), "the message quotes the file: " + bad.getMessage());
    }

    @Test
    void bearerTokensAreComparedWholeAndNeverBlank() {
        BearerToken t = new BearerToken(ClusterCredentials.generate().controlToken());
        assertTrue(t.accepts(t.headerValue()));
        assertFalse(t.accepts(null));
        assertFalse(t.accepts("Bearer "));
        assertFalse(t.accepts("Bearer " + t.token().substring(1)));
        assertFalse(t.accepts(t.token()), "the scheme is required");
        assertThrows(IllegalArgumentException.class, () -> new BearerToken(""));
    }
}
