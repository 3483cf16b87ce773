package io.shardops.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Inserts customers into commerce through the gateway as fast as it can, one id after another from
 * {@code firstId}, and remembers which were acknowledged; bounded to 3 minutes and 50,000 rows. A statement
 * that hangs gives up after 10 s (its server is stopped), so the client reconnects as an application would.
 */
final class AuditedWriter extends Thread {
    private static final int MAX_WRITES = 50_000;

    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LiveCluster cluster;
    private final long firstId;
    volatile long lastAckNanos;

    AuditedWriter(LiveCluster cluster, long firstId) {
        super("audited-writer");
        this.cluster = cluster;
        this.firstId = firstId;
        setDaemon(true);
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Connection c = null;
        for (long id = firstId; !stop.get() && System.nanoTime() < deadline && id < firstId + MAX_WRITES; id++) {
            try {
                if (c == null) {
                    c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cluster.port() + "/commerce"
                            + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=10000&useServerPrepStmts=false", "root", "");
                }
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("insert into customer(customer_id, email) values (" + id + ", 'w" + id + "@example.com')");
                }
                acked.add(id);
                lastAckNanos = System.nanoTime();
            } catch (SQLException e) {
                errors.add(id + ": " + e.getMessage());
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (SQLException ignored) {
                    // reconnect
                }
                c = null;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // done
        }
    }

    /** Waits until {@code more} writes past the ones acknowledged now are acknowledged (or fails after {@code seconds}). */
    void awaitMore(int more, int seconds) throws InterruptedException {
        int target = acked.size() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (acked.size() < target) {
            if (System.nanoTime() > deadline || !isAlive()) {
                throw new AssertionError("the writer got " + acked.size() + " of " + target + " acknowledged writes in " + seconds
                        + " s; last errors " + errors.subList(Math.max(0, errors.size() - 5), errors.size()));
            }
            Thread.sleep(20);
        }
    }

    void finish() throws InterruptedException {
        stop.set(true);
        join(30_000);
    }
}
