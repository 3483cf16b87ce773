package io.shardops.dataplane.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {
    @TempDir
    Path tmp;

    private final List<ChildProcess> started = new ArrayList<>();

    @AfterEach
    void leaveNothingBehind() {
        for (ChildProcess c : started) {
            c.stop(Duration.ofMillis(100));
            assertFalse(c.isAlive(), c + " still running after the test");
        }
    }

    private ChildProcess sh(String name, String script) throws IOException {
        ChildProcess c = ChildProcess.start(
                ProcessSpec.of(name, tmp.resolve(name + ".log"), List.of("/bin/sh", "-c", script))
                        .withWorkingDir(tmp));
        started.add(c);
        return c;
    }

    @Test
    void crashDuringStartUpIsReportedWithExitCodeAndLogTail() throws Exception {
        ChildProcess c = sh("crasher", "echo starting; echo 'fatal: cannot bind port' >&2; exit 3");
        ProcessStartException e = assertThrows(ProcessStartException.class,
                () -> c.awaitReady(() -> false, Duration.ofSeconds(10)));
        assertEquals(OptionalInt.of(3), e.exitCode());
        assertEquals(List.of("starting", "fatal: cannot bind port"), e.logTail());
        assertTrue(e.getMessage().contains("crasher exited with code 3 during start-up"), e.getMessage());
        assertTrue(e.getMessage().contains("| fatal: cannot bind port"), e.getMessage());
    }

    @Test
    void readyOnceTheProbeSucceeds() throws Exception {
        Path marker = tmp.resolve("ready");
        ChildProcess c = sh("slow", "sleep 0.3; touch ready; exec sleep 30");
        assertSame(c, c.awaitReady(ReadinessProbe.fileExists(marker), Duration.ofSeconds(10)));
        assertTrue(c.isAlive());
        assertTrue(Files.exists(marker));
    }

    @Test
    void tcpProbeWaitsForAListener() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(ReadinessProbe.tcpPort("127.0.0.1", s.getLocalPort()).isReady());
            assertTrue(FreePorts.inUse(s.getLocalPort()));
        }
        int closed = FreePorts.one();
        assertFalse(ReadinessProbe.tcpPort("127.0.0.1", closed).isReady());
    }

    @Test
    void notReadyInTimeIsStoppedAndReported() throws Exception {
        ChildProcess c = sh("stuck", "echo waiting forever; exec sleep 30");
        ProcessStartException e = assertThrows(ProcessStartException.class,
                () -> c.awaitReady(() -> false, Duration.ofMillis(300)));
        assertTrue(e.exitCode().isEmpty());
        assertTrue(e.getMessage().contains("stuck was not ready after 300 ms"), e.getMessage());
        assertEquals(List.of("waiting forever"), e.logTail());
        assertFalse(c.isAlive());
    }

    @Test
    void stopSendsSigtermFirst() throws Exception {
        ChildProcess c = sh("polite", "trap 'echo got TERM; exit 7' TERM; echo up; while true; do sleep 0.05; done");
        c.awaitReady(() -> LogTail.lastLines(c.logFile(), 1).contains("up"), Duration.ofSeconds(10));
        assertEquals(7, c.stop(Duration.ofSeconds(5)).orElseThrow());
        assertTrue(LogTail.lastLines(c.logFile(), 5).contains("got TERM"));
    }

    @Test
    void stopEscalatesToSigkillWhenTermIsIgnored() throws Exception {
        ChildProcess c = sh("stubborn", "trap '' TERM; echo up; exec sleep 30");
        c.awaitReady(() -> LogTail.lastLines(c.logFile(), 1).contains("up"), Duration.ofSeconds(10));
        long t0 = System.nanoTime();
        int code = c.stop(Duration.ofMillis(200)).orElseThrow();
        assertEquals(137, code); // 128 + SIGKILL
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 5000);
    }

    @Test
    void environmentAndWorkingDirReachTheChild() throws Exception {
        ChildProcess c = ChildProcess.start(
                ProcessSpec.of("env", tmp.resolve("env.log"), List.of("/bin/sh", "-c", "echo \"$GREETING from $(pwd)\""))
                        .withEnvironment(Map.of("GREETING", "hello"))
                        .withWorkingDir(tmp.resolve("work")));
        started.add(c);
        assertEquals(0, c.handle().onExit().thenApply(h -> c.exitCode().orElseThrow()).get());
        assertEquals(List.of("hello from " + tmp.resolve("work").toRealPath()), LogTail.lastLines(c.logFile(), 5));
    }

    @Test
    void missingExecutableIsAnErrorNamingIt() {
        IOException e = assertThrows(IOException.class, () -> ChildProcess.start(
                ProcessSpec.of("ghost", tmp.resolve("ghost.log"), List.of("/nonexistent/ghostd", "--x"))));
        assertTrue(e.getMessage().contains("cannot start ghost (/nonexistent/ghostd --x)"), e.getMessage());
    }

    @Test
    void globalRegistryTracksUntilStopped() throws Exception {
        ChildProcess c = sh("tracked", "exec sleep 30");
        assertTrue(ProcessRegistry.global().tracked().contains(c));
        c.stop(Duration.ofSeconds(2));
        assertFalse(ProcessRegistry.global().tracked().contains(c));
    }

    @Test
    void registryStopsEveryChildNewestFirst() throws Exception {
        ProcessRegistry reg = ProcessRegistry.scoped();
        ChildProcess a = sh("a", "exec sleep 30");
        ChildProcess b = sh("b", "exec sleep 30");
        reg.track(a);
        reg.track(b);
        reg.stopAll(Duration.ofSeconds(2));
        assertFalse(a.isAlive());
        assertFalse(b.isAlive());
        assertTrue(reg.tracked().isEmpty());
    }

    @Test
    void freePortsAreDistinctAndBindable() throws Exception {
        List<Integer> ports = FreePorts.several(5);
        assertEquals(5, new HashSet<>(ports).size());
        for (int p : ports) {
            assertNotEquals(0, p);
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(p, s.getLocalPort());
            }
        }
    }

    @Test
    void logTailKeepsOnlyTheLastLinesOfALargeLog() throws Exception {
        Path log = tmp.resolve("big.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        Files.writeString(log, sb);
        assertEquals(List.of("line 4997", "line 4998", "line 4999"), LogTail.lastLines(log, 3));
        assertEquals(List.of(), LogTail.lastLines(tmp.resolve("absent.log"), 3));
    }
}
