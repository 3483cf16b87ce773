package io.shardops.dataplane.process;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * What a later JVM needs to stop a child this one started: its PID, plus its start time and
 * executable so a PID the OS has since given to an unrelated process is never signalled.
 *
 * <p>Stored as a small properties file ({@code name}, {@code pid}, {@code start}, {@code executable},
 * {@code log}, and on Linux {@code startTicks} and {@code bootId}: see {@link BootClock}); written atomically.
 *
 * @param startTicks clock ticks since boot when it started; -1 when unknown (another OS, an older file)
 * @param bootId     the boot it started in; null when unknown
 */
public record PidFile(String name, long pid, Instant startInstant, String executable, Path logFile, long startTicks, String bootId) {
    /** Start times read through /proc are exact to a clock tick; allow for rounding across JVMs. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    /** A record without the boot clock's start (another OS): compared by start instant. */
    public PidFile(String name, long pid, Instant startInstant, String executable, Path logFile) {
        this(name, pid, startInstant, executable, logFile, -1, null);
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("start", startInstant.toString());
        p.setProperty("executable", resolveExecutable(executable));
        p.setProperty("log", logFile == null ? "" : logFile.toAbsolutePath().toString());
        if (startTicks >= 0 && bootId != null) {
            p.setProperty("startTicks", Long.toString(startTicks));
            p.setProperty("bootId", bootId);
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "shardops child process; stop with: shardops down");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a PID file; a file that is not one gives an {@link IOException} naming it. */
    public static PidFile read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            String log = p.getProperty("log", "");
            String ticks = p.getProperty("startTicks", "");
            return new PidFile(
                    require(p, "name", file),
                    Long.parseLong(require(p, "pid", file)),
                    Instant.parse(require(p, "start", file)),
                    require(p, "executable", file),
                    log.isEmpty() ? null : Path.of(log),
                    ticks.isEmpty() ? -1 : Long.parseLong(ticks),
                    p.getProperty("bootId"));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IOException(file + " is not a shardops PID file: " + e.getMessage(), e);
        }
    }

    private static String require(Properties p, String key, Path file) throws IOException {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IOException(file + " is not a shardops PID file: no '" + key + "'");
        }
        return v;
    }

    /** The process this file describes, if it is still running (same PID, start time and executable). */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isSameProcess);
    }

    /** Whether {@code h} is the process this file was written for, not a recycled PID. */
    boolean isSameProcess(ProcessHandle h) {
        ProcessHandle.Info info = h.info();
        Optional<String> boot = startTicks >= 0 && bootId != null ? BootClock.bootId() : Optional.empty();
        if (boot.isPresent() && !boot.get().equals(bootId)) {
            return false;  // recorded in an earlier boot: whatever has this PID now is another process
        }
        OptionalLong ticks = boot.isPresent() ? BootClock.startTicks(h.pid()) : OptionalLong.empty();
        if (ticks.isPresent()) {
            if (ticks.getAsLong() != startTicks) {
                return false;  // the boot clock's start: exact, whatever the wall clock did since
            }
        } else {
            Optional<Instant> started = info.startInstant();
            if (started.isEmpty()
                    || Duration.between(started.get(), startInstant).abs().compareTo(START_TOLERANCE) > 0) {
                return false;
            }
        }
        return info.command()
                .map(cmd -> fileName(resolveExecutable(cmd)).equals(fileName(resolveExecutable(executable))))
                .orElse(true);
    }

    /** Outcome of {@link #stop}. */
    public enum StopResult {
        /** It was running and has been stopped. */
        STOPPED,
        /** Nothing runs with that PID any more. */
        NOT_RUNNING,
        /** The PID now belongs to another process, which was left alone. */
        PID_REUSED,
        /** It ignored SIGTERM and SIGKILL (should not happen). */
        STILL_RUNNING
    }

    /** Stops the process if it is the one recorded; never signals a recycled PID. */
    public StopResult stop(Duration grace) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (h.isEmpty()) {
            return StopResult.NOT_RUNNING;
        }
        if (!isSameProcess(h.get())) {
            return StopResult.PID_REUSED;
        }
        return ProcessStopper.stop(h.get(), grace) ? StopResult.STOPPED : StopResult.STILL_RUNNING;
    }

    private static String resolveExecutable(String exe) {
        Path p = Path.of(exe);
        if (!p.isAbsolute()) {
            String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
            for (String dir : path.split(":")) {
                Path c = Path.of(dir).resolve(exe);
                if (Files.isExecutable(c)) {
                    p = c;
                    break;
                }
            }
        }
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    private static String fileName(String path) {
        Path f = Path.of(path).getFileName();
        return f == null ? path : f.toString();
    }
}
