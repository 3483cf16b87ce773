package io.shardops.dataplane.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryLocationTest extends BackupLocationContract {
    @TempDir
    Path tmp;

    @Override
    protected BackupLocation location() throws IOException {
        return new LocalDirectoryLocation(Files.createTempDirectory(tmp, "loc"));
    }

    /** 20 MiB in 1 MiB pieces, a backup's data object in small. */
    private static byte[] writeLarge(PendingObject out) throws IOException {
        byte[] all = new byte[20 * 1024 * 1024];
        new java.util.Random(5).nextBytes(all);
        for (int at = 0; at < all.length; at += 1024 * 1024) {
            out.write(all, at, 1024 * 1024);
        }
        return all;
    }

    @Test
    void aLargeObjectForcedBehindItsWritesReadsBackWhole() throws Exception {
        LocalDirectoryLocation loc = (LocalDirectoryLocation) location();
        byte[] written;
        try (PendingObject out = loc.create("ks/0/b1/data")) {
            written = writeLarge(out);
            out.commit();
        }
        try (var in = loc.open("ks/0/b1/data")) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(written, in.readAllBytes());
        }
    }

    @Test
    void aLargeObjectClosedWithoutCommitLeavesNothing() throws Exception {
        LocalDirectoryLocation loc = (LocalDirectoryLocation) location();
        try (PendingObject out = loc.create("ks/0/b1/data")) {
            writeLarge(out);
        }
        assertEquals(List.of(), loc.list(""));
        try (Stream<Path> files = Files.walk(loc.root())) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "the temporary file is deleted");
        }
    }

    @Test
    void abandonedTemporaryFileIsNotListed() throws Exception {
        LocalDirectoryLocation loc = (LocalDirectoryLocation) location();
        Files.createDirectories(loc.root().resolve("ks/0/b1"));
        // what a killed writer leaves: a pending temp file
        Files.writeString(loc.root().resolve("ks/0/b1/.pending-1234-backup.xbstream.gz"), "partial");
        assertEquals(List.of(), loc.list(""));
    }

    @Test
    void filesAndDirectoriesAreOwnerOnly() throws Exception {
        LocalDirectoryLocation loc = (LocalDirectoryLocation) location();
        loc.write("ks/0/b1/data", "rows".getBytes(StandardCharsets.UTF_8));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(loc.root().resolve("ks/0/b1/data"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(loc.root().resolve("ks/0"))));
    }

    @Test
    void deletingTheLastObjectRemovesEmptyDirectories() throws Exception {
        LocalDirectoryLocation loc = (LocalDirectoryLocation) location();
        loc.write("ks/0/b1/data", new byte[] {1});
        loc.delete("ks/0/b1/data");
        try (Stream<Path> s = Files.list(loc.root())) {
            assertEquals(0, s.count());
        }
        assertTrue(Files.isDirectory(loc.root()));
    }

    @Test
    void refusesToFollowASymlinkOutOfTheRoot() throws Exception {
        LocalDirectoryLocation loc = (LocalDirectoryLocation) location();
        Path outside = Files.createTempDirectory(tmp, "outside");
        Files.createSymbolicLink(loc.root().resolve("ks"), outside);
        assertThrows(IOException.class, () -> loc.write("ks/0", new byte[] {1}));
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(0, s.count());
        }
    }
}
