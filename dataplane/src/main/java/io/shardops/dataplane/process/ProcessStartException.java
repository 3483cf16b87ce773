package io.shardops.dataplane.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * A child did not become ready: it exited during start-up, or it was still not ready when the
 * timeout passed (it is stopped then). The message carries what a person needs to see why:
 * the command, the exit code and the last lines of its log.
 */
public class ProcessStartException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String processName;
    private final OptionalInt exitCode;
    private final Path logFile;
    private final List<String> logTail;

    public ProcessStartException(String processName, String summary, OptionalInt exitCode,
                                 Path logFile, List<String> logTail) {
        super(format(summary, logFile, logTail));
        this.processName = processName;
        this.exitCode = exitCode;
        this.logFile = logFile;
        this.logTail = List.copyOf(logTail);
    }

    static ProcessStartException exited(ProcessSpec spec, int code, List<String> tail) {
        return new ProcessStartException(spec.name(),
                spec.name() + " exited with code " + code + " during start-up (" + spec.commandLine() + ")",
                OptionalInt.of(code), spec.logFile(), tail);
    }

    static ProcessStartException timedOut(ProcessSpec spec, Duration timeout, ReadinessProbe probe, List<String> tail) {
        return new ProcessStartException(spec.name(),
                spec.name() + " was not ready after " + timeout.toMillis() + " ms (waiting for " + probe
                        + "); it was stopped (" + spec.commandLine() + ")",
                OptionalInt.empty(), spec.logFile(), tail);
    }

    private static String format(String summary, Path logFile, List<String> tail) {
        StringBuilder sb = new StringBuilder(summary);
        if (tail.isEmpty()) {
            sb.append("; its log ").append(logFile).append(" is empty");
        } else {
            sb.append("; last lines of ").append(logFile).append(':');
            for (String line : tail) {
                sb.append("\n  | ").append(line);
            }
        }
        return sb.toString();
    }

    public String processName() {
        return processName;
    }

    /** The exit code if the child exited, empty if it timed out. */
    public OptionalInt exitCode() {
        return exitCode;
    }

    public Path logFile() {
        return logFile;
    }

    public List<String> logTail() {
        return logTail;
    }
}
