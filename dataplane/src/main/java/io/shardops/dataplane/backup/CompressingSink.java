package io.shardops.dataplane.backup;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stored side of a backup: the tool's bytes go in, zstd-compressed bytes go out into the pending object,
 * counted and hashed on the way (SHA-256 of the stored bytes, which the manifest records). {@link #finish} ends
 * the zstd frame; the pending object itself stays open for its owner to commit or discard.
 */
final class CompressingSink extends OutputStream {
    /** What was copied: the tool's stream size, the stored size, and the stored bytes' SHA-256 (hex). */
    record Copied(long rawBytes, long storedBytes, String sha256) {}

    private final MessageDigest sha;
    private final Counting stored;
    private final ZstdOutputStream zstd;
    private long raw;
    private boolean finished;

    /**
     * @param level   zstd level (negative: the fast levels)
     * @param workers zstd compression threads (0: compress in the writing thread)
     */
    CompressingSink(OutputStream out, int level, int workers) throws IOException {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        stored = new Counting(new DigestOutputStream(out, sha));
        zstd = new ZstdOutputStream(new KeepOpen(stored), level);
        zstd.setChecksum(true);
        if (workers > 0) {
            zstd.setWorkers(workers);
        }
    }

    @Override
    public void write(int b) throws IOException {
        zstd.write(b);
        raw++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        zstd.write(b, off, len);
        raw += len;
    }

    long rawBytes() {
        return raw;
    }

    long storedBytes() {
        return stored.count;
    }

    /** Ends the zstd frame and flushes it into the pending object; what was stored. */
    Copied finish() throws IOException {
        if (!finished) {
            finished = true;
            zstd.close();
        }
        return new Copied(raw, stored.count, HexFormat.of().formatHex(sha.digest()));
    }

    /** Frees the compressor without finishing the frame (the pending object is being discarded). */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            try {
                zstd.close();
            } catch (IOException | RuntimeException e) {
                // the object is thrown away; the first failure is the one reported
            }
        }
    }

    /** The pending object must stay open for its commit when the compressor closes. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() {
            // the pending object is committed or discarded by its owner
        }
    }
}
