package io.shardops.dataplane.tablet.copy;

import io.shardops.dataplane.replication.GtidPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The applier thread of a catch-up: takes every transaction waiting in the {@link TransactionQueue} and applies them
 * in one target transaction (group commit), together with the position of the last one. Caught up, each source commit
 * is applied alone as soon as it arrives; behind, a target commit carries up to {@code maxGroup} of them, so the
 * target's commit cost does not bound the stream.
 *
 * <p>Its lock is held while a group is applied, by a reconnect while it drops what the old connection read, by a
 * pause, and by a failure writing the stream's error: whoever holds it owns the target connection.
 */
final class GroupApplier {
    private static final long PERSIST_IDLE_POSITION_MILLIS = 1000;

    private final String workflow;
    private final Connection target;
    private final TransactionQueue queue;
    private final RowWriter rows;
    private final int maxGroup;
    /** Which binlog connection is current; transactions read by an older one are dropped. */
    private final LongSupplier currentConnection;
    private final BooleanSupplier stopped;
    private final Consumer<Exception> onFailure;
    private final Object lock = new Object();
    /** Waiters for the position to move ({@link #waitForPosition}). */
    private final Object progress = new Object();

    private volatile GtidPosition applied;
    /** The source's timestamp of the last transaction applied. */
    private volatile long lastAppliedMillis;
    private volatile boolean applying;
    private long lastPersistMillis;
    /** The position moved past transactions that changed none of our rows, and is not stored yet. */
    private boolean positionDirty;
    private Thread thread;

    GroupApplier(String workflow, Connection target, TransactionQueue queue, int maxGroup, GtidPosition from,
                 LongSupplier currentConnection, BooleanSupplier stopped, Consumer<Exception> onFailure) {
        this.workflow = workflow;
        this.target = target;
        this.queue = queue;
        this.rows = new RowWriter(target);
        this.maxGroup = maxGroup;
        this.applied = from;
        this.currentConnection = currentConnection;
        this.stopped = stopped;
        this.onFailure = onFailure;
        this.lastPersistMillis = System.currentTimeMillis();
        this.lastAppliedMillis = lastPersistMillis;
    }

    void start() {
        thread = new Thread(this::loop, "binlog-apply-" + workflow);
        thread.setDaemon(true);
        thread.start();
    }

    /** The source position applied to the target so far. */
    GtidPosition position() {
        return applied;
    }

    long lastAppliedMillis() {
        return lastAppliedMillis;
    }

    boolean applying() {
        return applying;
    }

    /** Runs {@code action} while no group is being applied. */
    <T> T exclusive(Supplier<T> action) {
        synchronized (lock) {
            return action.get();
        }
    }

    /** Waits until the target has applied {@code want}; false on timeout or once {@code failed} says so. */
    boolean waitForPosition(GtidPosition want, Duration timeout, BooleanSupplier failed) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!applied.contains(want) && !failed.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return applied.contains(want);
    }

    /** Wakes every {@link #waitForPosition}: the stream failed. */
    void wakeWaiters() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** See {@link BinlogCatchUp#pause}. */
    GtidPosition pause(GtidPosition until) {
        synchronized (lock) {
            GtidPosition at = until != null && until.contains(applied) ? until : applied;
            queue.holdAt(at);
            return at;
        }
    }

    void resume() {
        synchronized (lock) {
            queue.holdAt(null);
            lock.notifyAll();
        }
    }

    /** Undoes the target transaction in progress and stores the stream's failure; the target may be what failed. */
    void recordFailure(String message) {
        synchronized (lock) {
            try {
                target.rollback();
                StreamStore.setState(target, workflow, StreamState.ERROR, message);
                target.commit();
            } catch (SQLException ignored) {
                // the target itself may be what failed; the error stays visible in memory
            }
        }
    }

    /**
     * Waits for the thread to end (the stream is stopping), stores a position not yet stored unless the stream failed
     * by then, and closes the target.
     */
    void finish(BooleanSupplier failed) {
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            try {
                if (positionDirty && !failed.getAsBoolean()) {
                    StreamStore.setPosition(target, workflow, applied.toString());
                    target.commit();
                }
                target.close();
            } catch (SQLException ignored) {
                // the position written with the last applied rows stands
            }
        }
    }

    private void loop() {
        List<SourceTransaction> group = new ArrayList<>(maxGroup);
        while (!stopped.getAsBoolean()) {
            try {
                SourceTransaction first = queue.poll(100);
                synchronized (lock) {
                    queue.nextGroup(first, group, maxGroup);
                    if (group.isEmpty()) {
                        persistIdlePosition();
                        if (queue.holding()) {
                            lock.wait(100);  // paused: until resumed
                        }
                        continue;
                    }
                    applying = true;
                    applyGroup(group);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                onFailure.accept(e);
            } finally {
                group.clear();
                applying = false;
            }
        }
    }

    /** One target transaction for every source transaction of the group, the position of the last one with them. */
    private void applyGroup(List<SourceTransaction> group) throws SQLException {
        GtidPosition next = applied;
        boolean changed = false;
        long sourceMillis = lastAppliedMillis;
        long connection = currentConnection.getAsLong();
        try {
            for (SourceTransaction t : group) {
                if (t.connection() != connection) {
                    break;  // read by a connection since replaced: the new one reads it again from the applied position
                }
                for (RowChange c : t.changes()) {
                    rows.apply(c);
                    changed = true;
                }
                next = next.with(t.gtid().domain(), t.gtid().server(), t.gtid().sequence());
                sourceMillis = t.sourceMillis();
            }
            rows.flush();
            if (changed) {
                StreamStore.setPosition(target, workflow, next.toString());
                target.commit();
            }
        } catch (SQLException e) {
            rows.discard();
            try {
                target.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw e;
        }
        if (changed) {
            positionDirty = false;
            lastPersistMillis = System.currentTimeMillis();
        } else if (!next.equals(applied)) {
            positionDirty = true;
        }
        lastAppliedMillis = sourceMillis;
        publish(next);
        persistIdlePosition();
    }

    /** Transactions that touched none of our rows move the position in memory; it is written at most once a second. */
    private void persistIdlePosition() throws SQLException {
        long now = System.currentTimeMillis();
        if (positionDirty && now - lastPersistMillis >= PERSIST_IDLE_POSITION_MILLIS) {
            StreamStore.setPosition(target, workflow, applied.toString());
            target.commit();
            positionDirty = false;
            lastPersistMillis = now;
        }
    }

    private void publish(GtidPosition next) {
        synchronized (progress) {
            applied = next;
            progress.notifyAll();
        }
    }
}
