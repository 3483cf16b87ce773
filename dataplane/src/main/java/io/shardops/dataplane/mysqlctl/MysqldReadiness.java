package io.shardops.dataplane.mysqlctl;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Waiting until a MariaDB server this JVM did not start answers: one adopted from a previous run
 * (its process known, its exit code not), or one another process runs (only its account known).
 * A server this JVM starts is waited for by its {@link io.shardops.dataplane.process.ChildProcess}.
 */
final class MysqldReadiness {
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration EXTERNAL_POLL = Duration.ofMillis(250);

    private MysqldReadiness() {}

    /** Polls the adopted server at {@code port} until it answers a login; fails when it exits or {@code timeout} passes. */
    static void awaitAdopted(ProcessHandle process, MysqldJdbc jdbc, int port, Duration timeout, Supplier<List<String>> logTail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new MysqldException("adopted MariaDB on port " + port + " exited", OptionalInt.empty(), logTail.get(), null);
            }
            if (jdbc.answersLogin()) {
                return;
            }
            sleep(POLL);
        }
        throw new MysqldException("adopted MariaDB on port " + port + " did not answer within " + timeout.toMillis() + " ms",
                OptionalInt.empty(), logTail.get(), null);
    }

    /** Waits until the external server accepts its privileged account, then prepares it; returns what could not be set. */
    static List<String> awaitExternal(ExternalMysqld external, int serverId, String appDatabase, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return List.copyOf(external.prepare(serverId, appDatabase));
            } catch (SQLException e) {
                last = e;
                sleep(EXTERNAL_POLL);
            }
        }
        throw new MysqldException("mysqld at " + external.host() + ":" + external.port() + " did not accept user '" + external.user()
                + "' within " + timeout.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MysqldException("interrupted while waiting for MariaDB", e);
        }
    }
}
