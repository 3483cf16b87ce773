package io.shardops.dataplane.backup;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code mariadb-backup --backup --stream=xbstream} writing its stream into a staging file on the tablet's disk
 * instead of a pipe, while this class reads the file behind it as it grows, compressing and hashing on the way
 * ({@link CompressingSink}). The stored object is the same as from a pipe: zstd of the tool's own xbstream bytes,
 * which {@code mbstream -x} unpacks.
 *
 * <p>Why: into a pipe, the tool writes each 10 MiB piece of a data file and waits until the reader has emptied the
 * pipe before it reads the next, so a streamed backup cannot be faster than about 0.85 of the tool writing files
 * (measured in docs/performance.md). Into a regular file the tool never waits for us: it copies at the speed it has
 * when run by hand, and what it has written is compressed meanwhile, on the CPU its disk reads leave idle and during
 * its closing phase (non-InnoDB files, backup locks, the redo log's last read), when it writes almost nothing.
 *
 * <p>Why reading behind the writer is safe: the tool is the only writer of the file (opened by us, truncated) and
 * writes it front to back with {@code write(2)}, so every byte below the file's current size is final. The stream
 * is complete when the tool has exited; it is committed only when the tool exited 0 and said {@code completed OK!}.
 *
 * <p>The staging file holds the whole uncompressed stream until the backup ends, so it is used only when that fits
 * on the disk with room to spare ({@link #fits}); otherwise the backup streams through a pipe ({@link StreamCompressor}).
 */
final class StagedStream {
    /** Room kept free beyond the staged stream itself: the tablet's server writes to the same disk. */
    static final long HEADROOM_BYTES = 256L * 1024 * 1024;
    /** Names the tool never copies: the server's temporary tablespace, binary and relay logs. */
    private static final Pattern NOT_COPIED = Pattern.compile("ibtmp\\d*|.*bin\\.\\d{6,}");
    private static final int CHUNK = 1024 * 1024;
    private static final long PROGRESS_EVERY = 4L * 1024 * 1024;
    /** How long the reader waits when it has caught up with the tool. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** How the tool ended, its log, and what was stored (null when the tool failed: nothing may be committed). */
    record Outcome(int exitCode, String log, CompressingSink.Copied copied) {}

    private StagedStream() {}

    /**
     * Whether the staged stream of a server whose datadir is {@code dataDir} fits where {@code scratch} is: the
     * datadir's files that the tool copies, plus a tenth, plus {@value #HEADROOM_BYTES} bytes must be free there.
     * {@code false} also when the datadir cannot be read.
     */
    static boolean fits(Path dataDir, Path scratch) {
        try {
            long need = copiedBytes(dataDir);
            long free = Files.getFileStore(scratch).getUsableSpace();
            return free >= need + need / 10 + HEADROOM_BYTES;
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return false;
        }
    }

    /** The bytes of the datadir's files, without those the tool never copies. */
    static long copiedBytes(Path dataDir) throws IOException {
        long total = 0;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            for (Path f : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(f) && !NOT_COPIED.matcher(f.getFileName().toString()).matches()) {
                    total += Files.size(f);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return total;
    }

    /**
     * Runs {@code command} (the tool, its stream on stdout) with stdout into {@code staged} and stderr into
     * {@code log}, compressing the staged bytes into {@code sink} as they arrive; on success the sink is finished.
     * The staged file is left for the caller to delete with its scratch directory, after the backup is stored.
     */
    static Outcome run(List<String> command, Path staged, Path log, CompressingSink sink, StreamCompressor.Progress progress)
            throws IOException {
        Process tool = new ProcessBuilder(command).redirectOutput(staged.toFile()).redirectError(log.toFile()).start();
        try (FileChannel in = FileChannel.open(staged, StandardOpenOption.READ)) {
            tool.getOutputStream().close();
            byte[] buffer = new byte[CHUNK];
            long offset = 0;
            long reported = 0;
            boolean exited = false;
            while (true) {
                long available = in.size() - offset;
                if (available >= CHUNK || (exited && available > 0)) {
                    int n = (int) Math.min(CHUNK, available);
                    ByteBuffer into = ByteBuffer.wrap(buffer, 0, n);
                    while (into.hasRemaining()) {
                        if (in.read(into, offset + into.position()) < 0) {
                            throw new EOFException("the staged backup stream " + staged + " shrank while it was read");
                        }
                    }
                    sink.write(buffer, 0, n);
                    offset += n;
                    if (offset - reported >= PROGRESS_EVERY) {
                        reported = offset;
                        progress.at(offset, sink.storedBytes());
                    }
                } else if (exited) {
                    break;
                } else if (!tool.isAlive()) {
                    exited = true; // all it wrote is in the file now: read to the end once more
                } else if (Thread.interrupted()) {
                    throw new InterruptedIOException("backup interrupted");
                } else {
                    LockSupport.parkNanos(IDLE_NANOS);
                }
            }
            String text = Files.readString(log);
            if (tool.exitValue() != 0 || !MariaDbBackupTool.completedOk(text)) {
                return new Outcome(tool.exitValue(), text, null);
            }
            CompressingSink.Copied copied = sink.finish();
            progress.at(copied.rawBytes(), copied.storedBytes());
            return new Outcome(0, text, copied);
        } finally {
            if (tool.isAlive()) {
                tool.destroyForcibly();
            }
        }
    }
}
