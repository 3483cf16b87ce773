package io.shardops.dataplane.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Copies the backup tool's stream into a pending object: compressed with zstd, counted and hashed (SHA-256 of the
 * stored bytes) on the way.
 *
 * <p>Why a separate reader thread: {@code mariadb-backup} reads a data file in 10 MiB pieces and writes each into
 * its stdout pipe before reading the next, so every moment the pipe is full the tool waits. Measured on the bench's
 * 1,000,000-row tablet (2 cores): the tool writing to {@code /dev/null} takes 0.55-0.6 s, into a pipe drained by
 * {@code cat} 0.75-1.05 s, and into our former loop (read 256 KiB, compress, hash, write, then read again) 1.1-1.3 s.
 * Here one thread does nothing but empty the pipe into 1 MiB buffers ({@value #QUEUED} of them queued at most, so
 * memory stays bounded when the location is slower than the tool), and the caller's thread compresses; the tool
 * finishes its data files at the pipe's speed and the compression catches up during the tool's closing phase
 * (redo log, non-InnoDB files), when it streams almost nothing.
 */
final class StreamCompressor {
    static final int CHUNK = 1024 * 1024;
    static final int QUEUED = 24;
    private static final byte[] END = new byte[0];

    /** Told the raw and stored byte counts so far. */
    interface Progress {
        void at(long rawBytes, long storedBytes);
    }

    private final int level;
    private final int workers;

    /**
     * @param level   zstd level (negative: the fast levels)
     * @param workers zstd compression threads (0: compress in the calling thread)
     */
    StreamCompressor(int level, int workers) {
        this.level = level;
        this.workers = workers;
    }

    /** A sink compressing into {@code out} with this compressor's level and threads. */
    CompressingSink sink(OutputStream out) throws IOException {
        return new CompressingSink(out, level, workers);
    }

    /**
     * Copies {@code in} to its end into {@code out} (not closed: the caller commits or discards it), calling
     * {@code progress} with (raw, stored) bytes about every 4 MiB.
     */
    CompressingSink.Copied copy(InputStream in, OutputStream out, Progress progress) throws IOException {
        BlockingQueue<byte[]> full = new ArrayBlockingQueue<>(QUEUED + 1);
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(QUEUED + 1);
        Drain drain = new Drain(in, full, free);
        Thread reader = Thread.ofPlatform().name("backup-stream-reader").daemon().start(drain);
        CompressingSink.Copied copied;
        long reported = 0;
        try (CompressingSink sink = sink(out)) {
            while (true) {
                byte[] chunk = full.take();
                if (chunk == END) {
                    break;
                }
                sink.write(chunk, 0, Drain.length(chunk));
                free.offer(chunk);
                if (sink.rawBytes() - reported >= 4 * 1024 * 1024) {
                    reported = sink.rawBytes();
                    progress.at(reported, sink.storedBytes());
                }
            }
            if (drain.failure != null) {
                throw drain.failure;
            }
            copied = sink.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("backup stream interrupted");
        } finally {
            reader.interrupt();
        }
        progress.at(copied.rawBytes(), copied.storedBytes());
        return copied;
    }

    /**
     * Empties the tool's pipe into 1 MiB buffers as fast as it fills. A buffer's byte count travels in 4 bytes
     * after its data, so buffers are reused without an object per read.
     */
    private static final class Drain implements Runnable {
        private static final int HEADER = 4;
        private final InputStream in;
        private final BlockingQueue<byte[]> full;
        private final BlockingQueue<byte[]> free;
        private int allocated;
        volatile IOException failure;

        Drain(InputStream in, BlockingQueue<byte[]> full, BlockingQueue<byte[]> free) {
            this.in = in;
            this.full = full;
            this.free = free;
        }

        static int length(byte[] chunk) {
            return ((chunk[CHUNK] & 0xff) << 24) | ((chunk[CHUNK + 1] & 0xff) << 16)
                    | ((chunk[CHUNK + 2] & 0xff) << 8) | (chunk[CHUNK + 3] & 0xff);
        }

        /** Reads until the buffer is full or the stream ends (one read returns at most what the pipe holds). */
        private int fill(byte[] chunk) throws IOException {
            int n = 0;
            while (n < CHUNK) {
                int r = in.read(chunk, n, CHUNK - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    byte[] chunk = free.poll();
                    if (chunk == null) {
                        if (allocated < QUEUED) {
                            chunk = new byte[CHUNK + HEADER];
                            allocated++;
                        } else {
                            chunk = free.take();
                        }
                    }
                    int n = fill(chunk);
                    if (n > 0) {
                        chunk[CHUNK] = (byte) (n >>> 24);
                        chunk[CHUNK + 1] = (byte) (n >>> 16);
                        chunk[CHUNK + 2] = (byte) (n >>> 8);
                        chunk[CHUNK + 3] = (byte) n;
                        full.put(chunk);
                    }
                    if (n < CHUNK) {
                        break;
                    }
                }
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                failure = new InterruptedIOException("backup stream reader interrupted");
            } finally {
                full.offer(END);
            }
        }
    }
}
