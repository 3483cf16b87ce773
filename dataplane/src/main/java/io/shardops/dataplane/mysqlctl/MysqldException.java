package io.shardops.dataplane.mysqlctl;

import java.util.List;
import java.util.OptionalInt;

/**
 * A MariaDB server that could not be prepared, started or reached. When the server process
 * died, carries its exit code and the last lines of its error log, so the cause is visible
 * where the failure is reported.
 */
public final class MysqldException extends RuntimeException {
    private final OptionalInt exitCode;
    private final List<String> logTail;

    public MysqldException(String message, OptionalInt exitCode, List<String> logTail, Throwable cause) {
        super(describe(message, exitCode, logTail), cause);
        this.exitCode = exitCode;
        this.logTail = List.copyOf(logTail);
    }

    public MysqldException(String message, Throwable cause) {
        this(message, OptionalInt.empty(), List.of(), cause);
    }

    public MysqldException(String message) {
        this(message, OptionalInt.empty(), List.of(), null);
    }

    /** The server process's exit code, when it exited. */
    public OptionalInt exitCode() {
        return exitCode;
    }

    /** The last lines of the server's error log, when it was read. */
    public List<String> logTail() {
        return logTail;
    }

    private static String describe(String message, OptionalInt exitCode, List<String> logTail) {
        StringBuilder sb = new StringBuilder(message);
        exitCode.ifPresent(c -> sb.append(" (exit code ").append(c).append(')'));
        if (!logTail.isEmpty()) {
            sb.append("; last lines of its error log:");
            for (String line : logTail) {
                sb.append("\n  ").append(line);
            }
        }
        return sb.toString();
    }
}
