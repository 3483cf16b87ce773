package io.shardops.dataplane.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The last lines of a log file, read from its end so a large log costs no more than a small one. */
public final class LogTail {
    private static final int MAX_BYTES = 16 * 1024;

    private LogTail() {}

    /** Up to {@code lines} last non-blank lines of {@code file}; empty if it does not exist. */
    public static List<String> lastLines(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            int n = (int) Math.min(len, MAX_BYTES);
            byte[] buf = new byte[n];
            raf.seek(len - n);
            raf.readFully(buf);
            String[] all = new String(buf, StandardCharsets.UTF_8).split("\r?\n");
            List<String> out = new ArrayList<>();
            // the first line may be cut in the middle when the file is larger than the window
            int start = len > n ? 1 : 0;
            for (int i = start; i < all.length; i++) {
                if (!all[i].isBlank()) {
                    out.add(all[i]);
                }
            }
            return List.copyOf(out.subList(Math.max(0, out.size() - lines), out.size()));
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }
}
