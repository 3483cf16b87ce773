package io.shardops.dataplane.mysql;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a server's connections share across its event loops: the count against the connection cap,
 * the in-flight packet budget and the failed-login throttle.
 */
public final class ConnectionGate {
    private final ConnectionLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final PacketBudget budget;
    private final LoginThrottle throttle;

    public ConnectionGate(ConnectionLimits limits) {
        this.limits = limits;
        this.budget = new PacketBudget(limits.inFlightPacketBytes());
        this.throttle = new LoginThrottle(limits.failedLogins());
    }

    /** Counts a new connection; false (and not counted) when the cap is reached. */
    boolean admit() {
        while (true) {
            int n = open.get();
            if (n >= limits.maxConnections()) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void left() {
        open.decrementAndGet();
    }

    public ConnectionLimits limits() {
        return limits;
    }

    /** Connections open now. */
    public int connections() {
        return open.get();
    }

    public PacketBudget budget() {
        return budget;
    }

    public LoginThrottle throttle() {
        return throttle;
    }
}
