package io.shardops.dataplane.mysql;

/**
 * A session's idle timeout, MySQL's {@code wait_timeout}: seconds a logged-in client may stay idle
 * between commands before the server closes its connection. Starts at the server's setting; a
 * session handler changes it for its own session (e.g. on {@code SET wait_timeout}). Used on the
 * connection's event loop only.
 */
public final class WaitTimeout {
    /** MySQL's range for wait_timeout: 1 second to 365 days. */
    public static final long MIN_SECONDS = 1;
    public static final long MAX_SECONDS = 31_536_000;

    private long seconds;
    private Runnable onChange = () -> {};

    public WaitTimeout(long seconds) {
        this.seconds = clamp(seconds);
    }

    public long seconds() {
        return seconds;
    }

    /** Sets the timeout, clamped to MySQL's range as MySQL does; the idle clock restarts from the last command. */
    public void set(long newSeconds) {
        this.seconds = clamp(newSeconds);
        onChange.run();
    }

    void onChange(Runnable r) {
        this.onChange = r;
    }

    private static long clamp(long s) {
        return Math.max(MIN_SECONDS, Math.min(MAX_SECONDS, s));
    }
}
