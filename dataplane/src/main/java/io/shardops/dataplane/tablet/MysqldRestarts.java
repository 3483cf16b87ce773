package io.shardops.dataplane.tablet;

import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldHealth;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts a tablet's own MariaDB again when it crashed, as mysqld_safe would: the streams into it stop
 * first (their rows and positions are committed in its datadir), then the server starts, the tablet's
 * state is restored and the streams resume where they stopped. A server that keeps crashing is left
 * down, so its error log is not rotated away by restarts.
 */
final class MysqldRestarts {
    /** Lets the crashed process's sockets and files go before the new one takes them. */
    static final Duration DELAY = Duration.ofSeconds(1);
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final int MAX_CRASHES = 3;
    static final Duration CRASH_WINDOW = Duration.ofMinutes(5);

    private final TabletIdentity identity;
    private final Mysqld mysqld;
    private final LocalTabletManager manager;
    private final Runnable restoreState;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Deque<Long> crashes = new ArrayDeque<>();
    private boolean stopped;

    MysqldRestarts(TabletIdentity identity, Mysqld mysqld, LocalTabletManager manager, Runnable restoreState) {
        this.identity = identity;
        this.mysqld = mysqld;
        this.manager = manager;
        this.restoreState = restoreState;
    }

    void onRestart(Runnable listener) {
        listeners.add(listener);
    }

    /** The tablet is shutting down: a crash from now on is final. */
    synchronized void stop() {
        stopped = true;
    }

    void afterCrash(MysqldHealth.Crashed crash) {
        Thread t = new Thread(() -> restart(crash), "mysqld-restart-" + identity.alias());
        t.setDaemon(true);
        t.start();
    }

    private void restart(MysqldHealth.Crashed crash) {
        long now = System.nanoTime();
        boolean again;
        synchronized (this) {
            while (!crashes.isEmpty() && now - crashes.peekFirst() > CRASH_WINDOW.toNanos()) {
                crashes.removeFirst();
            }
            crashes.addLast(now);
            again = !stopped && crashes.size() <= MAX_CRASHES;
        }
        manager.suspendStreams(again
                ? "its mysqld (pid " + crash.pid() + ") crashed and is starting again; the streams resume then"
                : "its mysqld crashed " + crashes.size() + " times within " + CRASH_WINDOW.toMinutes() + " min and stays down; see "
                        + mysqld.config().errorLog() + ", then restart the node (shardops down; shardops up)");
        if (!again) {
            return;
        }
        try {
            Thread.sleep(DELAY.toMillis());
            synchronized (this) {
                if (stopped) {
                    return;
                }
                mysqld.start(START_TIMEOUT);
            }
            restoreState.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            manager.suspendStreams("its mysqld crashed and did not start again: " + e.getMessage());
            return;
        }
        listeners.forEach(Runnable::run);
    }
}
