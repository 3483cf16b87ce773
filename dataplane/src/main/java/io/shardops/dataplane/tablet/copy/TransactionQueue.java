package io.shardops.dataplane.tablet.copy;

import io.shardops.dataplane.replication.GtidPosition;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Complete source transactions on their way from the reader to the applier. The reader waits while
 * {@code capacity} are waiting (and the source's binlog with it). A paused stream holds at a position: transactions
 * that position does not contain stay here, in order, until it lifts.
 */
final class TransactionQueue {
    private final BlockingQueue<SourceTransaction> ready;
    /** Taken from {@link #ready} but not applied yet, because of {@link #holdAt} (applier side only). */
    private final Deque<SourceTransaction> held = new ArrayDeque<>();
    /** Where a paused stream holds; null when not paused. */
    private volatile GtidPosition holdAt;

    TransactionQueue(int capacity) {
        this.ready = new ArrayBlockingQueue<>(capacity);
    }

    /** The reader's side: waits for room; gives {@code t} up (false) as soon as {@code giveUp} says so. */
    boolean put(SourceTransaction t, BooleanSupplier giveUp) throws InterruptedException {
        while (!ready.offer(t, 100, TimeUnit.MILLISECONDS)) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    /** The applier's side, outside its lock: the next transaction when none is held, waiting up to {@code millis}. */
    SourceTransaction poll(long millis) throws InterruptedException {
        return held.isEmpty() ? ready.poll(millis, TimeUnit.MILLISECONDS) : null;
    }

    /**
     * The applier's side, under its lock: fills {@code group} with up to {@code max} transactions to apply now,
     * {@code first} (from {@link #poll}) and whatever else is waiting, in order.
     */
    void nextGroup(SourceTransaction first, List<SourceTransaction> group, int max) {
        if (first != null) {
            held.addLast(first);
        }
        ready.drainTo(held, max - held.size());
        takeGroup(held, holdAt, max, group);
    }

    /**
     * Moves from the head of {@code waiting} into {@code group} the transactions that may be applied now: up to
     * {@code max}, stopping at the first that {@code holdAt} (when not null) does not contain.
     */
    static void takeGroup(Deque<SourceTransaction> waiting, GtidPosition holdAt, int max, List<SourceTransaction> group) {
        while (!waiting.isEmpty() && group.size() < max && (holdAt == null || holdAt.contains(waiting.peekFirst().position()))) {
            group.add(waiting.pollFirst());
        }
    }

    /** Whether transactions are held back by a pause. */
    boolean holding() {
        return !held.isEmpty();
    }

    /** Whether nothing is waiting for the applier. */
    boolean drained() {
        return ready.isEmpty();
    }

    void holdAt(GtidPosition at) {
        holdAt = at;
    }

    /** Drops everything waiting: a new connection reads it again from the applied position. */
    void clear() {
        ready.clear();
        held.clear();
    }
}
