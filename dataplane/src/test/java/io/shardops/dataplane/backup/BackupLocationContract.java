package io.shardops.dataplane.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BackupLocation} must do; each implementation's test extends this class and supplies a fresh,
 * empty location.
 */
public abstract class BackupLocationContract {

    /** A new, empty location for one test. */
    protected abstract BackupLocation location() throws Exception;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(BackupLocation loc, String name) throws IOException {
        try (InputStream in = loc.open(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void writtenObjectReadsBackWithItsSize() throws Exception {
        BackupLocation loc = location();
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        long n = loc.write("ks/-80/b1/backup.xbstream.gz", new ByteArrayInputStream(data));
        assertEquals(data.length, n);
        assertArrayEquals(data, read(loc, "ks/-80/b1/backup.xbstream.gz"));
        assertEquals(data.length, loc.size("ks/-80/b1/backup.xbstream.gz"));
        assertTrue(loc.exists("ks/-80/b1/backup.xbstream.gz"));
    }

    @Test
    void uncommittedObjectIsInvisibleAndLeavesNothing() throws Exception {
        BackupLocation loc = location();
        try (PendingObject out = loc.create("ks/0/b1/data")) {
            out.write(bytes("half a backup"));
            out.flush();
            assertFalse(loc.exists("ks/0/b1/data"));
            assertEquals(List.of(), loc.list(""));
        }
        assertFalse(loc.exists("ks/0/b1/data"));
        assertEquals(List.of(), loc.list(""));
        assertThrows(NoSuchFileException.class, () -> loc.open("ks/0/b1/data"));
    }

    @Test
    void failedWriteLeavesNoObject() throws Exception {
        BackupLocation loc = location();
        InputStream broken = new InputStream() {
            int left = 10_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) { // and on every read after: InputStream.read(byte[]) swallows an error after its first byte
                    throw new IOException("the backup tool died");
                }
                return 1;
            }
        };
        assertThrows(IOException.class, () -> loc.write("ks/0/b1/data", broken));
        assertFalse(loc.exists("ks/0/b1/data"));
        assertEquals(List.of(), loc.list(""));
    }

    @Test
    void commitReplacesAnExistingObject() throws Exception {
        BackupLocation loc = location();
        loc.write("a/b", bytes("one"));
        loc.write("a/b", bytes("two"));
        assertArrayEquals(bytes("two"), read(loc, "a/b"));
    }

    @Test
    void listsByPrefixSorted() throws Exception {
        BackupLocation loc = location();
        loc.write("ks/80-/b2/MANIFEST.json", bytes("{}"));
        loc.write("ks/-80/b1/MANIFEST.json", bytes("{}"));
        loc.write("other/0/b1/MANIFEST.json", bytes("{}"));
        assertEquals(List.of("ks/-80/b1/MANIFEST.json", "ks/80-/b2/MANIFEST.json"), loc.list("ks/"));
        assertEquals(List.of("ks/-80/b1/MANIFEST.json"), loc.list("ks/-80/"));
        assertEquals(3, loc.list("").size());
        assertEquals(List.of(), loc.list("nothing/"));
    }

    @Test
    void deleteRemovesAndToleratesMissing() throws Exception {
        BackupLocation loc = location();
        loc.write("ks/0/b1/data", bytes("x"));
        loc.delete("ks/0/b1/data");
        assertFalse(loc.exists("ks/0/b1/data"));
        loc.delete("ks/0/b1/data");
        assertEquals(List.of(), loc.list(""));
    }

    @Test
    void refusesNamesThatCouldEscape() throws Exception {
        BackupLocation loc = location();
        for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", ".hidden", "a/b/", "", "a\\b")) {
            assertThrows(IllegalArgumentException.class, () -> loc.write(bad, bytes("x")), bad);
        }
    }

    @Test
    void openMissingIsNoSuchFile() throws Exception {
        BackupLocation loc = location();
        assertThrows(NoSuchFileException.class, () -> loc.open("ks/0/none"));
        assertThrows(NoSuchFileException.class, () -> loc.size("ks/0/none"));
        assertFalse(loc.exists("ks/0/none"));
    }
}
