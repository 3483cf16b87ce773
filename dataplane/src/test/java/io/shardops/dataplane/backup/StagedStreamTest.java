package io.shardops.dataplane.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staged stream read behind a writer that pauses, exits and fails like the backup tool, without MariaDB. */
class StagedStreamTest {
    @TempDir
    Path tmp;

    /** 5.5 MiB: pseudo-random pages and repeated ones, so some of it compresses. */
    private Path sample() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 512 * 1024];
        Random r = new Random(23);
        for (int i = 0; i < data.length; i += 4096) {
            if ((i / 4096) % 3 == 0) {
                byte[] page = new byte[4096];
                r.nextBytes(page);
                System.arraycopy(page, 0, data, i, Math.min(4096, data.length - i));
            } else {
                java.util.Arrays.fill(data, i, Math.min(i + 4096, data.length), (byte) 'y');
            }
        }
        Path f = tmp.resolve("sample.bin");
        Files.write(f, data);
        return f;
    }

    /** A stand-in for the tool: writes the sample in three parts with pauses, its log on stderr, then {@code exit}. */
    private static List<String> tool(Path sample, String lastLogLine, int exit) {
        return List.of("sh", "-c", "head -c 1500000 '" + sample + "'; sleep 0.2; head -c 4000000 '" + sample
                + "' | tail -c 2500000; sleep 0.2; tail -c +4000001 '" + sample + "'; echo '" + lastLogLine + "' >&2; exit " + exit);
    }

    @Test
    void readsBehindTheWriterToTheEndAndRecordsTheStoredBytes() throws Exception {
        Path sample = sample();
        byte[] expected = Files.readAllBytes(sample);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        List<long[]> progress = new ArrayList<>();
        StagedStream.Outcome o;
        try (CompressingSink sink = new CompressingSink(stored, 1, 2)) {
            o = StagedStream.run(tool(sample, "[00] completed OK!", 0), tmp.resolve("stream.xbstream"), tmp.resolve("tool.log"), sink,
                    (raw, out) -> progress.add(new long[] {raw, out}));
        }
        assertEquals(0, o.exitCode());
        assertTrue(o.log().contains("completed OK!"), o.log());
        byte[] bytes = stored.toByteArray();
        assertEquals(expected.length, o.copied().rawBytes());
        assertEquals(bytes.length, o.copied().storedBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), o.copied().sha256());
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(bytes))) {
            assertArrayEquals(expected, in.readAllBytes());
        }
        assertFalse(progress.isEmpty());
        assertEquals(expected.length, progress.get(progress.size() - 1)[0], "the last progress line has every byte");
    }

    @Test
    void aToolThatFailsStoresNothing() throws Exception {
        Path sample = sample();
        try (CompressingSink sink = new CompressingSink(new ByteArrayOutputStream(), 1, 0)) {
            StagedStream.Outcome o = StagedStream.run(tool(sample, "[00] Error: killed", 137), tmp.resolve("stream.xbstream"),
                    tmp.resolve("tool.log"), sink, (raw, out) -> {});
            assertEquals(137, o.exitCode());
            assertNull(o.copied());
            assertTrue(o.log().contains("Error: killed"), o.log());
        }
    }

    @Test
    void anExitWithoutTheSuccessLineStoresNothing() throws Exception {
        Path sample = sample();
        try (CompressingSink sink = new CompressingSink(new ByteArrayOutputStream(), 1, 0)) {
            StagedStream.Outcome o = StagedStream.run(tool(sample, "[00] something else", 0), tmp.resolve("stream.xbstream"),
                    tmp.resolve("tool.log"), sink, (raw, out) -> {});
            assertEquals(0, o.exitCode());
            assertNull(o.copied(), "exit 0 without 'completed OK!' is not a backup");
        }
    }

    @Test
    void theSpaceNeededLeavesOutWhatTheToolNeverCopies() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.write(data.resolve("ibdata1"), new byte[3000]);
        Files.write(Files.createDirectories(data.resolve("shop")).resolve("orders.ibd"), new byte[2000]);
        Files.write(data.resolve("bin.000001"), new byte[100_000]);
        Files.write(data.resolve("relay-bin.000002"), new byte[100_000]);
        Files.write(data.resolve("ibtmp1"), new byte[100_000]);
        assertEquals(5000, StagedStream.copiedBytes(data));
        assertTrue(StagedStream.fits(data, tmp), "5 kB fit in a temp dir");
        assertFalse(StagedStream.fits(tmp.resolve("no-such-datadir"), tmp), "an unreadable datadir streams through a pipe");
    }
}
