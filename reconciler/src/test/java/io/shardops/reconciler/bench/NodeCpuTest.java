package io.shardops.reconciler.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

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

    @Test
    void thisJvmsCompilerThreadsHaveUsedCpu() {
        NodeCpu now = NodeCpu.of(ProcessHandle.current().pid());
        assertTrue(now.jit().compareTo(Duration.ZERO) > 0, now.toString());
        assertEquals(Duration.ZERO, now.eventLoops(), "this test JVM runs no Vert.x event loop");
        NodeCpu later = NodeCpu.of(ProcessHandle.current().pid());
        assertTrue(later.minus(now).jit().compareTo(Duration.ZERO) >= 0);
    }
}
