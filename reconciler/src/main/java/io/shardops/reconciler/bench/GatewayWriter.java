package io.shardops.reconciler.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Clients inserting rows into {@code bench.t} through the gateway, ids from {@code firstId} up, each on a
 * connection of its own. They share one schedule: id {@code firstId + n} is due {@code n / perSecond} seconds
 * after the start (0: as fast as they can), so several connections keep the rate a single one cannot reach when
 * each statement takes longer than {@code 1 / perSecond}. Each write's acknowledgement time is kept by id.
 * Bounded: at most {@code maxWrites} writes and {@link MoveBench#PHASE_LIMIT}.
 */
final class GatewayWriter {
    /** The loaded rows' c and pad as plain literals: the gateway parses every statement, and a literal parses fastest. */
    private static final String ROW_TEXT = "'" + "x".repeat(100) + "', '" + "y".repeat(50) + "'";

    private final int gatewayPort;
    private final long firstId;
    private final int perSecond;
    private final int clients;
    private final AtomicLongArray ackedAt;
    private final AtomicLong next;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>("");
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong lastAck = new AtomicLong();
    private final AtomicLong longestGapNanos = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long begin;
    private volatile long end;

    GatewayWriter(int gatewayPort, long firstId, int perSecond, int clients, int maxWrites) {
        if (clients < 1 || maxWrites < 1) {
            throw new IllegalArgumentException("a writer needs at least one client and one write, got " + clients + " and " + maxWrites);
        }
        this.gatewayPort = gatewayPort;
        this.firstId = firstId;
        this.perSecond = perSecond;
        this.clients = clients;
        this.ackedAt = new AtomicLongArray(maxWrites);
        this.next = new AtomicLong(firstId);
    }

    void start() {
        begin = System.nanoTime();
        lastAck.set(begin);
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(this::loop, "bench-move-writer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop() {
        long deadline = begin + MoveBench.PHASE_LIMIT.toNanos();
        Connection c = null;
        try {
            while (!stop.get() && System.nanoTime() < deadline) {
                long id = next.getAndIncrement();
                long n = id - firstId;
                if (n >= ackedAt.length()) {
                    return;
                }
                if (perSecond > 0) {
                    long wait = begin + n * 1_000_000_000L / perSecond - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                try {
                    if (c == null) {
                        c = gateway(gatewayPort);
                    }
                    try (Statement st = c.createStatement()) {
                        st.executeUpdate("insert into t(id, k, c, pad) values (" + id + ", " + id * 7 + ", " + ROW_TEXT + ")");
                    }
                    acknowledge(n);
                } catch (SQLException e) {
                    // the row may or may not have landed; every attempt takes a new id, so "exactly once" stays checkable
                    errors.incrementAndGet();
                    firstError.compareAndSet("", e.getMessage());
                    close(c);
                    c = null;
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(c);
        }
    }

    private void acknowledge(long n) {
        long now = System.nanoTime();
        ackedAt.set((int) n, now);
        long previous = lastAck.getAndAccumulate(now, Math::max);
        longestGapNanos.accumulateAndGet(now - previous, Math::max);
        acknowledged.incrementAndGet();
    }

    private static Connection gateway(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + MoveBench.KEYSPACE
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=30000&useServerPrepStmts=false", "bench", "");
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is gone either way
            }
        }
    }

    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
        }
        end = System.nanoTime();
    }

    /** The first id no client has taken yet: where the next writer starts. */
    long nextId() {
        return next.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    /** Acknowledged writes per second from the start to {@link #stop()} (or to now while running). */
    double achievedPerSecond() {
        long until = end == 0 ? System.nanoTime() : end;
        return begin == 0 ? 0 : acknowledged() * 1e9 / Math.max(1, until - begin);
    }

    long errors() {
        return errors.get();
    }

    String firstError() {
        return firstError.get();
    }

    int clients() {
        return clients;
    }

    long longestGapMillis() {
        return longestGapNanos.get() / 1_000_000;
    }

    /** When {@code id} was acknowledged (System.nanoTime), or 0 when it was not (yet). */
    long ackedAt(long id) {
        long i = id - firstId;
        return i < 0 || i >= ackedAt.length() ? 0 : ackedAt.get((int) i);
    }
}
