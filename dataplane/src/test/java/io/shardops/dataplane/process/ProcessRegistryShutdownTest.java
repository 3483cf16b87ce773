package io.shardops.dataplane.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRegistryShutdownTest {
    @TempDir
    Path tmp;

    @Test
    void aJvmThatExitsStopsTheChildrenItStarted() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ShutdownHookProbe.class.getName(), tmp.resolve("sleeper.log").toString()))
                .redirectErrorStream(true).start();
        long childPid;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            childPid = Long.parseLong(line.trim());
        }
        assertEquals(true, jvm.waitFor(30, TimeUnit.SECONDS), "the probe JVM did not exit");
        ProcessHandle.of(childPid).ifPresent(h -> {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // checked below
            }
        });
        boolean alive = ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false);
        if (alive) {
            ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly); // leave nothing behind even on failure
        }
        assertFalse(alive, "child " + childPid + " outlived the JVM that started it");
    }
}
