package io.shardops.spec.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.SourceLocation;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecRootTest {
    private static final SourceLocation AT = new SourceLocation("spec/cluster.yaml", 7, 17);

    @TempDir
    Path tmp;

    private SpecRoot rootWithSpec() throws Exception {
        Files.createDirectories(tmp.resolve("spec/sql"));
        Files.writeString(tmp.resolve("spec/cluster.yaml"), "kind: Cluster\n");
        Files.writeString(tmp.resolve("spec/sql/t.sql"), "create table t(id bigint)\n");
        Files.writeString(tmp.resolve("secret"), "hunter2\n");
        return SpecRoot.at(tmp.resolve("spec"), "spec");
    }

    private SpecRoot.Content read(SpecRoot root, String written) {
        return root.readNamed(tmp.resolve("spec/cluster.yaml"), written, AT, "schema file", written, 1 << 20);
    }

    @Test
    void aRelativeFileInsideTheRootIsRead() throws Exception {
        SpecRoot.Content c = read(rootWithSpec(), "sql/t.sql");
        assertTrue(c.ok(), String.valueOf(c.problem()));
        assertEquals("create table t(id bigint)\n", c.text());
    }

    @Test
    void absoluteAndEscapingPathsAreRefusedWhereTheSpecNamesThem() throws Exception {
        SpecRoot root = rootWithSpec();
        for (String bad : new String[] {tmp.resolve("secret").toString(), "../secret", "sql/../../secret", "/etc/passwd"}) {
            SpecRoot.Content c = read(root, bad);
            assertFalse(c.ok(), bad);
            assertEquals(AT, c.problem().location(), bad);
            assertTrue(c.problem().code().equals("path.absolute") || c.problem().code().equals("path.outside-root"), c.problem().code());
            assertFalse(c.problem().render().contains("hunter2"));
        }
    }

    @Test
    void aLinkOutOfTheRootIsRefusedButALinkWithinItIsFollowed() throws Exception {
        SpecRoot root = rootWithSpec();
        Files.createSymbolicLink(tmp.resolve("spec/sql/out.sql"), tmp.resolve("secret"));
        Files.createSymbolicLink(tmp.resolve("spec/sql/in.sql"), tmp.resolve("spec/sql/t.sql"));
        assertEquals("path.outside-root", read(root, "sql/out.sql").problem().code());
        assertTrue(read(root, "sql/in.sql").ok());
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        SpecRoot root = rootWithSpec();
        Process p = new ProcessBuilder("mkfifo", tmp.resolve("spec/sql/pipe.sql").toString()).start();
        assertEquals(0, p.waitFor());
        SpecRoot.Content c = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> read(root, "sql/pipe.sql"));
        assertEquals("path.not-regular", c.problem().code());
    }

    @Test
    void theSizeBoundIsCheckedBeforeReading() throws Exception {
        SpecRoot root = rootWithSpec();
        try (RandomAccessFile f = new RandomAccessFile(tmp.resolve("spec/sql/huge.sql").toFile(), "rw")) {
            f.setLength(8L << 30); // sparse: 8 GiB that would take long and much memory to read
        }
        SpecRoot.Content c = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> read(root, "sql/huge.sql"));
        assertEquals("file.too-large", c.problem().code());
    }
}
