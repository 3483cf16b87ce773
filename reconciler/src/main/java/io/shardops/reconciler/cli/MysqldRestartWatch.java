package io.shardops.reconciler.cli;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Notices that a MariaDB the tablet does not run itself (the mysqld container of its pod) started again: its
 * uptime went back. Such a server comes back read-only (the container starts it with {@code --read-only=ON}) and
 * without the tablet's runtime settings (semi-sync among them), and a failover may have made another tablet
 * primary meanwhile. The tablet cannot tell from inside; its start can (it asks the shard record in etcd), so
 * {@code shardops tablet} stops and lets its container be started again.
 */
final class MysqldRestartWatch implements AutoCloseable {
    private final Supplier<OptionalLong> uptimeSeconds;
    private final Runnable onRestart;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shardops-mysqld-restart-watch");
        t.setDaemon(true);
        return t;
    });
    private long last = -1;
    private long downSince = -1;
    private boolean fired;

    /**
     * @param uptimeSeconds the server's {@code Uptime}; empty while it does not answer
     * @param onRestart     run once, on the watch's thread, when the server started again
     */
    MysqldRestartWatch(Supplier<OptionalLong> uptimeSeconds, Runnable onRestart) {
        this.uptimeSeconds = uptimeSeconds;
        this.onRestart = onRestart;
    }

    /** Takes the baseline now (the server just answered the tablet's start), then looks every {@code every}. */
    MysqldRestartWatch start(Duration every) {
        check();
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One look; true when this one saw the restart. */
    synchronized boolean check() {
        if (fired) {
            return false;
        }
        long now = System.nanoTime();
        OptionalLong uptime = uptimeSeconds.get();
        if (uptime.isEmpty()) {
            if (downSince < 0) {
                downSince = now;
            }
            return false;  // down for now: the uptime it answers with next tells whether it started again
        }
        long secondsDown = downSince < 0 ? -1 : TimeUnit.NANOSECONDS.toSeconds(now - downSince);
        boolean restarted = restarted(last, uptime.getAsLong(), secondsDown);
        last = uptime.getAsLong();
        downSince = -1;
        if (restarted) {
            fired = true;
            onRestart.run();
        }
        return restarted;
    }

    /**
     * Whether the server started again between two answers: its uptime only grows while it runs, so less than
     * before is another run; and a server that did not answer for a while and now has been up no longer than
     * that (a second of rounding either way) started while it was away, even when its uptime caught up.
     *
     * @param previous    the uptime it last answered with; negative before the first answer
     * @param now         the uptime it answers with now
     * @param secondsDown how long it did not answer before this answer; negative when it always answered
     */
    static boolean restarted(long previous, long now, long secondsDown) {
        if (previous < 0) {
            return false;
        }
        return now < previous || (secondsDown >= 0 && now <= secondsDown + 1);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
