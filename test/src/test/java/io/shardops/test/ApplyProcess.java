package io.shardops.test;

import io.shardops.dataplane.process.JavaCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code shardops apply SPEC --auto-approve} in a JVM of its own, its output collected line by line, so a
 * test can wait for a line, kill the process with SIGKILL (no shutdown hook: its lock stays in etcd until
 * the next apply on this host sees its PID gone) or wait for its exit code.
 */
final class ApplyProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ApplyProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "apply-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ApplyProcess start(LiveCluster cluster, String spec) throws IOException {
        List<String> cmd = new ArrayList<>(JavaCommand.current());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.shardops.reconciler.cli.Main",
                "apply", cluster.spec(spec).toString(), "--state-dir", cluster.stateDir().toString(), "--auto-approve"));
        return new ApplyProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    private void read() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println("APPLY| " + line);
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            if (process.isAlive()) {
                throw new UncheckedIOException(e);
            }
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    /** Waits until a line {@code wanted} accepts was printed; false when the process ended or the time ran out first. */
    boolean awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (wanted.test(lines.get(seen))) {
                        return true;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive()) {
                    return false;
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)))));
            }
        }
    }

    /** SIGKILL, as a crash or an OOM killer would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The exit code; the process is killed if it runs longer than {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        reader.join(5000);
        return process.exitValue();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
