package io.shardops.test.hosts;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one product row at a time through a gateway ({@code sku = PREFIX-n}) as fast as it is answered,
 * until told to stop; bounded to 3 minutes and 50,000 rows. Every write acknowledged is in {@link #acked}
 * with the time of its acknowledgement, every failure in {@link #errors}.
 */
final class GatewayWriter extends Thread {
    private static final int MAX_WRITES = 50_000;

    /** sku → System.nanoTime() when the gateway acknowledged it. */
    final Map<String, Long> acked = new ConcurrentHashMap<>();
    /** sku → System.nanoTime() when the insert was sent. */
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    private final String url;
    private final String prefix;

    GatewayWriter(String url, String prefix) {
        super("gateway-writer-" + prefix);
        this.url = url;
        this.prefix = prefix;
        setDaemon(true);
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Connection c = null;
        for (int n = 0; !stop.get() && System.nanoTime() < deadline && n < MAX_WRITES; n++) {
            String sku = prefix + "-" + n;
            try {
                if (c == null) {
                    c = DriverManager.getConnection(url, "user", "");
                }
                try (Statement st = c.createStatement()) {
                    sent.put(sku, System.nanoTime());
                    st.executeUpdate("insert into product(sku, description, price) values ('" + sku + "', 'w', " + n + ")");
                    acked.put(sku, System.nanoTime());
                }
            } catch (SQLException e) {
                errors.add(sku + ": " + e.getMessage());
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (SQLException ignored) {
                    // reconnect below
                }
                c = null;
                pause(100);
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

    /** How many writes were acknowledged after {@code nanoTime}. */
    long ackedAfter(long nanoTime) {
        return acked.values().stream().filter(t -> t > nanoTime).count();
    }

    /** The first acknowledgement of a write sent after {@code nanoTime}, or -1. */
    long firstAckAfter(long nanoTime) {
        return acked.entrySet().stream().filter(e -> sent.getOrDefault(e.getKey(), 0L) > nanoTime)
                .mapToLong(Map.Entry::getValue).min().orElse(-1);
    }

    /** Waits until {@code n} writes were acknowledged after {@code nanoTime}; false after {@code seconds}. */
    boolean awaitAcks(long nanoTime, int n, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (ackedAfter(nanoTime) < n) {
            if (System.nanoTime() > deadline || !isAlive()) {
                return false;
            }
            pause(50);
        }
        return true;
    }

    void finish() throws InterruptedException {
        stop.set(true);
        join(60_000);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
