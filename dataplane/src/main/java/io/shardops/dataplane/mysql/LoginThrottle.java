package io.shardops.dataplane.mysql;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed logins per client address, with exponential backoff: after the allowed failures an
 * address is blocked for a while, doubling per further failure. A blocked address's new
 * connections are refused at once and its logins are not checked, so guessing passwords slows to
 * a crawl while every other address logs in as usual. Thread-safe; shared by a server's event loops.
 */
public final class LoginThrottle {
    /** Addresses remembered at most; beyond, the ones not blocked now are forgotten first. */
    static final int MAX_ADDRESSES = 65_536;

    private final ConnectionLimits.FailedLogins policy;
    private final LongSupplier nanoTime;
    private final Map<String, Record> addresses = new ConcurrentHashMap<>();

    private record Record(int failures, long lastFailureNanos, long blockedUntilNanos) {}

    public LoginThrottle(ConnectionLimits.FailedLogins policy) {
        this(policy, System::nanoTime);
    }

    LoginThrottle(ConnectionLimits.FailedLogins policy, LongSupplier nanoTime) {
        this.policy = policy;
        this.nanoTime = nanoTime;
    }

    /** How long {@code address} is still blocked; zero when it may log in. */
    public Duration blockedFor(String address) {
        Record r = addresses.get(address);
        if (r == null) {
            return Duration.ZERO;
        }
        long left = r.blockedUntilNanos - nanoTime.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** Counts a failed login from {@code address}; returns the block it earned (zero while failures are allowed). */
    public Duration failed(String address) {
        long now = nanoTime.getAsLong();
        if (addresses.size() >= MAX_ADDRESSES) {
            addresses.values().removeIf(r -> r.blockedUntilNanos - now <= 0);
        }
        Record r = addresses.compute(address, (a, old) -> {
            int failures = old == null || now - old.lastFailureNanos > policy.forgetAfter().toNanos() ? 1 : old.failures + 1;
            int over = failures - policy.allowed();
            long block = 0;
            if (over > 0) {
                long first = policy.firstBlock().toNanos();
                long max = policy.maxBlock().toNanos();
                block = Math.min(first, max);
                for (int i = 1; i < over && block < max; i++) {
                    block = Math.min(max, block * 2);
                }
            }
            return new Record(failures, now, now + block);
        });
        return Duration.ofNanos(Math.max(0, r.blockedUntilNanos - now));
    }

    /** A login from {@code address} succeeded: its failures are forgotten, as MySQL resets its host error count. */
    public void succeeded(String address) {
        addresses.remove(address);
    }

    /** Failures counted for {@code address} (for tests and status). */
    public int failures(String address) {
        Record r = addresses.get(address);
        return r == null ? 0 : r.failures;
    }
}
