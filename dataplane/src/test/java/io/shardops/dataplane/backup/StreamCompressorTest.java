package io.shardops.dataplane.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamCompressorTest {

    /** 9.5 MiB, half random, half repeated: several reader buffers and a partial last one. */
    private static byte[] sample() {
        byte[] data = new byte[9 * StreamCompressor.CHUNK + StreamCompressor.CHUNK / 2];
        Random r = new Random(17);
        for (int i = 0; i < data.length; i += 4096) {
            if ((i / 4096) % 2 == 0) {
                byte[] page = new byte[Math.min(4096, data.length - i)];
                r.nextBytes(page);
                System.arraycopy(page, 0, data, i, page.length);
            } else {
                for (int j = i; j < Math.min(i + 4096, data.length); j++) {
                    data[j] = (byte) 'y';
                }
            }
        }
        return data;
    }

    @Test
    void storedBytesUnpackToTheStreamAndTheirSha256IsRecorded() throws Exception {
        byte[] data = sample();
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        long[] lastProgress = new long[2];
        CompressingSink.Copied c = new StreamCompressor(1, 2).copy(new TrickleInput(data), stored,
                (raw, out) -> {
                    lastProgress[0] = raw;
                    lastProgress[1] = out;
                });
        byte[] bytes = stored.toByteArray();
        assertEquals(data.length, c.rawBytes());
        assertEquals(bytes.length, c.storedBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), c.sha256());
        assertEquals(data.length, lastProgress[0]);
        assertEquals(bytes.length, lastProgress[1]);
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(bytes))) {
            assertArrayEquals(data, in.readAllBytes());
        }
    }

    @Test
    void anEmptyStreamStoresAnEmptyFrame() throws Exception {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        CompressingSink.Copied c = new StreamCompressor(1, 0).copy(InputStream.nullInputStream(), stored, (r, s) -> {});
        assertEquals(0, c.rawBytes());
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(stored.toByteArray()))) {
            assertEquals(0, in.readAllBytes().length);
        }
    }

    @Test
    void aFailingReadFailsTheCopy() {
        InputStream broken = new InputStream() {
            private int calls;

            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (++calls > 3) {
                    throw new IOException("pipe broke");
                }
                return Math.min(len, 1000);
            }
        };
        IOException e = assertThrows(IOException.class,
                () -> new StreamCompressor(1, 2).copy(broken, new ByteArrayOutputStream(), (r, s) -> {}));
        assertEquals("pipe broke", e.getMessage());
    }

    /** Returns at most 100 KiB per read, like a pipe. */
    private static final class TrickleInput extends ByteArrayInputStream {
        TrickleInput(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 100 * 1024));
        }
    }
}
