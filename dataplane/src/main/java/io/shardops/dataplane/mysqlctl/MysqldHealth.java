package io.shardops.dataplane.mysqlctl;

import java.util.List;
import java.util.OptionalInt;

/** What a tablet's MariaDB server is doing. */
public sealed interface MysqldHealth {
    /** One line for status output: {@code running}, {@code unreachable: ...}, {@code crashed: ...}. */
    String summary();

    /** Never started by this process. */
    record NotStarted() implements MysqldHealth {
        @Override
        public String summary() {
            return "not started";
        }
    }

    /** Answers queries. */
    record Running(long pid) implements MysqldHealth {
        @Override
        public String summary() {
            return "running";
        }
    }

    /** The process is alive but a query failed (starting, overloaded, or wedged). */
    record Unreachable(long pid, String error) implements MysqldHealth {
        @Override
        public String summary() {
            return "unreachable: " + error;
        }
    }

    /** Stopped on request. */
    record Stopped() implements MysqldHealth {
        @Override
        public String summary() {
            return "stopped";
        }
    }

    /** Exited without being asked to; exit code unknown for a server adopted from an earlier process. */
    record Crashed(long pid, OptionalInt exitCode, List<String> logTail) implements MysqldHealth {
        public Crashed {
            logTail = List.copyOf(logTail);
        }

        @Override
        public String summary() {
            return "crashed: " + describe();
        }

        public String describe() {
            return "MariaDB (pid " + pid + ") exited unexpectedly"
                    + (exitCode.isPresent() ? " with exit code " + exitCode.getAsInt() : "")
                    + (logTail.isEmpty() ? "" : "; last log lines:\n  " + String.join("\n  ", logTail));
        }
    }
}
