package io.shardops.reconciler.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU time a JVM has used so far, split by what its threads do: Vert.x event loops (the gateway
 * and tablet request path), the JIT compilers, the garbage collector, and the rest. Read from
 * {@code /proc/PID/task/*}/stat, so a split is only as complete as the threads still alive; where
 * there is no /proc every part is zero.
 */
public record NodeCpu(Duration eventLoops, Duration jit, Duration gc, Duration other) {
    /** Linux reports thread times in USER_HZ ticks, which is 100 on every architecture we run on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    public static final NodeCpu NONE = new NodeCpu(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public static NodeCpu of(long pid) {
        long loops = 0, jit = 0, gc = 0, other = 0;
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path task : ds) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;  // the thread ended between the listing and the read
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String name = stat.substring(open + 1, close);
                // after the name: state(3) ... utime(14) stime(15), counted from the pid as field 1
                String[] f = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                switch (kind(name)) {
                    case "loop" -> loops += ticks;
                    case "jit" -> jit += ticks;
                    case "gc" -> gc += ticks;
                    default -> other += ticks;
                }
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        return new NodeCpu(ticks(loops), ticks(jit), ticks(gc), ticks(other));
    }

    /** Thread names as the kernel keeps them (15 characters). */
    static String kind(String threadName) {
        if (threadName.startsWith("vert.x-eventloo")) {
            return "loop";
        }
        if (threadName.contains("CompilerThre")) {
            return "jit";
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
            return "gc";
        }
        return "other";
    }

    public NodeCpu minus(NodeCpu before) {
        return new NodeCpu(eventLoops.minus(before.eventLoops), jit.minus(before.jit), gc.minus(before.gc), other.minus(before.other));
    }

    private static Duration ticks(long n) {
        return Duration.ofNanos(n * NANOS_PER_TICK);
    }
}
