package io.shardops.reconciler.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's CPU split by thread kind, as {@code bench gateway} reports it. */
class NodeCpuTest {
    @Test
    void threadNamesAsTheKernelTruncatesThemFallIntoTheirKind() {
        assertEquals("loop", NodeCpu.kind("vert.x-eventloo"));
        assertEquals("jit", NodeCpu.kind("C2 CompilerThre"));
        assertEquals("jit", NodeCpu.kind("C1 CompilerThre"));
        assertEquals("gc", NodeCpu.kind("GC Thread#0"));
        assertEquals("gc", NodeCpu.kind("G1 Refine#0"));
        assertEquals("other", NodeCpu.kind("vert.x-worker-t"));
    }

    /**
     * A JVM of its own: this test's JVM is shared with tests that start Vert.x, whose event-loop threads can
     * outlive their test for a while after close.
     */
    @Test
    void aJvmsCompilerThreadsHaveUsedCpu(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("Busy.java");
        Files.writeString(source, "public class Busy { public static void main(String[] a) throws Exception {"
                + " long x = 0; for (int i = 0; i < 50_000_000; i++) { x += Integer.toString(i).hashCode(); }"
                + " System.out.println(x); System.out.flush(); Thread.sleep(20_000); } }");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), source.toString()).redirectErrorStream(true).start();
        try {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                assertTrue(out.readLine() != null, "the busy JVM printed its sum");  // its loop is done: C1/C2 ran
                NodeCpu now = NodeCpu.of(p.pid());
                assertTrue(now.jit().compareTo(Duration.ZERO) > 0, now.toString());
                assertEquals(Duration.ZERO, now.eventLoops(), "that JVM runs no Vert.x event loop");
                NodeCpu later = NodeCpu.of(p.pid());
                assertTrue(later.minus(now).jit().compareTo(Duration.ZERO) >= 0);
            }
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
