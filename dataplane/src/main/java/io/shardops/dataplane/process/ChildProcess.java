package io.shardops.dataplane.process;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running child process started from a {@link ProcessSpec}. Its stdout and stderr go to the
 * spec's log file; stdin is empty. Unless the spec is detached it is stopped when this JVM exits.
 */
public final class ChildProcess {
    /** How many log lines a start-up failure shows. */
    public static final int LOG_TAIL_LINES = 20;
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final ProcessSpec spec;
    private final Process process;
    private final Instant startInstant;
    private final long startTicks;
    private final String bootId;

    private ChildProcess(ProcessSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
        this.startInstant = process.info().startInstant().orElseGet(Instant::now);
        this.startTicks = BootClock.startTicks(process.pid()).orElse(-1);
        this.bootId = BootClock.bootId().orElse(null);
    }

    /**
     * Starts {@code spec}. Returns as soon as the process exists; use {@link #awaitReady} to wait
     * until it serves.
     *
     * @throws IOException if the executable cannot be run or the log file cannot be created
     */
    public static ChildProcess start(ProcessSpec spec) throws IOException {
        Path log = spec.logFile().toAbsolutePath();
        if (log.getParent() != null) {
            Files.createDirectories(log.getParent());
        }
        List<String> command = new ArrayList<>();
        if (spec.newSession() && Files.isExecutable(SETSID)) {
            // setsid execs the command in place (a child of the JVM is never a group leader),
            // so the PID we record is the command's own
            command.add(SETSID.toString());
        }
        command.addAll(spec.command());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .redirectInput(Redirect.from(new File("/dev/null")));
        if (spec.workingDir() != null) {
            Files.createDirectories(spec.workingDir());
            pb.directory(spec.workingDir().toFile());
        }
        pb.environment().putAll(spec.environment());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + spec.name() + " (" + spec.commandLine() + "): " + e.getMessage(), e);
        }
        if (command.get(0).equals(SETSID.toString())) {
            awaitExecPast(p, SETSID.getFileName().toString());
        }
        ChildProcess child = new ChildProcess(spec, p);
        if (spec.stopOnExit()) {
            ProcessRegistry.global().track(child);
        }
        return child;
    }

    /**
     * Waits until {@code probe} answers true. If the child exits first, or the timeout passes
     * (then the child is stopped), throws with the exit code and the last lines of its log.
     */
    public ChildProcess awaitReady(ReadinessProbe probe, Duration timeout)
            throws ProcessStartException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 5;
        while (true) {
            if (!process.isAlive()) {
                throw ProcessStartException.exited(spec, process.exitValue(), logTail());
            }
            if (probeSays(probe)) {
                // a child may pass the probe and die right after (e.g. a port briefly open); one
                // more look keeps a crash from being reported as a success
                if (process.isAlive()) {
                    return this;
                }
                continue;
            }
            if (System.nanoTime() >= deadline) {
                stop(Duration.ofSeconds(2));
                throw ProcessStartException.timedOut(spec, timeout, probe, logTail());
            }
            // wake early if the child dies while we sleep
            process.waitFor(pauseMillis, TimeUnit.MILLISECONDS);
            pauseMillis = Math.min(100, pauseMillis * 2);
        }
    }

    /**
     * Waits (briefly) until the wrapper has exec'd the real command, so a PID file written right
     * away names the real executable and a later {@code down} recognises the process.
     */
    private static void awaitExecPast(Process p, String wrapper) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline
                && p.info().command().map(c -> c.endsWith("/" + wrapper)).orElse(false)) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean probeSays(ReadinessProbe probe) {
        try {
            return probe.isReady();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Stops the child: SIGTERM, up to {@code grace} to exit, then SIGKILL. Returns its exit code,
     * or empty if it could not be reaped.
     */
    public Optional<Integer> stop(Duration grace) {
        ProcessStopper.stop(process.toHandle(), grace);
        ProcessRegistry.global().untrack(this);
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                return Optional.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    public Optional<Integer> stop() {
        return stop(DEFAULT_STOP_GRACE);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code if it has exited. */
    public Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    public ProcessSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public Path logFile() {
        return spec.logFile();
    }

    /** When the OS says it started; with the PID this identifies the process across JVMs. */
    public Instant startInstant() {
        return startInstant;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** The last lines of the log, for messages. */
    public List<String> logTail() {
        return LogTail.lastLines(spec.logFile(), LOG_TAIL_LINES);
    }

    /** A record of this child for a later JVM to find and stop it. */
    public PidFile pidFile() {
        return new PidFile(spec.name(), pid(), startInstant, spec.command().get(0), spec.logFile(), startTicks, bootId);
    }

    @Override
    public String toString() {
        return spec.name() + " (pid " + pid() + ")";
    }
}
