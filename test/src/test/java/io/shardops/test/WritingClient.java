package io.shardops.test;

import java.sql.Connection;
import java.sql.ResultSet;
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
 * Writes one customer at a time through the gateway (ids from {@code firstId} up) and reads it back now
 * and then, until told to stop; bounded to 8 minutes and 20,000 rows. Every write it saw acknowledged is
 * in {@link #acked}, every failure in {@link #errors}.
 */
final class WritingClient extends Thread {
    static final long PAUSE_MILLIS = 20;
    private static final int MAX_WRITES = 20_000;

    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    /** The ids whose write failed: the gateway may or may not have applied them. */
    final Set<Long> failed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LiveCluster cluster;
    private final long firstId;
    volatile long reads;
    /** The longest time between two acknowledged writes, less the client's own pause, in ms. */
    volatile long longestGapMillis;

    WritingClient(LiveCluster cluster, long firstId) {
        super("journey-client");
        this.cluster = cluster;
        this.firstId = firstId;
        setDaemon(true);
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        long next = firstId;
        Connection c = null;
        long lastAck = 0;
        while (!stop.get() && System.nanoTime() < deadline && next < firstId + MAX_WRITES) {
            long id = next++;
            try {
                if (c == null) {
                    c = cluster.connect("customer");
                }
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("insert into customer(customer_id, email) values (" + id + ", 'client" + id + "@domain.com')");
                    acked.add(id);
                    long now = System.nanoTime();
                    if (lastAck != 0) {
                        longestGapMillis = Math.max(longestGapMillis, (now - lastAck) / 1_000_000 - PAUSE_MILLIS);
                    }
                    lastAck = now;
                    if (id % 5 == 0) {
                        try (ResultSet rs = st.executeQuery("select email from customer where customer_id = " + id)) {
                            if (!rs.next()) {
                                errors.add("read of acknowledged customer " + id + " found nothing");
                            }
                            reads++;
                        }
                    }
                }
                Thread.sleep(PAUSE_MILLIS);
            } catch (SQLException e) {
                if (!acked.contains(id)) {
                    failed.add(id);
                }
                errors.add(id + ": " + e.getMessage());
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (SQLException ignored) {
                    // reconnect below
                }
                c = null;
            } catch (InterruptedException e) {
                return;
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

    void finish() throws InterruptedException {
        stop.set(true);
        join(30_000);
    }

    String summary() {
        return String.format("%d writes acknowledged, %d errors, %d reads, longest gap between acknowledged writes %d ms",
                acked.size(), errors.size(), reads, longestGapMillis);
    }
}
