package io.shardops.dataplane.mysql;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The memory all connections of a server may hold in packets being assembled. A connection
 * reserves a packet's announced size before reading its body; when the budget is spent it waits,
 * not reading from its socket, and is granted its reservation (on its own event loop) in arrival
 * order as others release theirs. Grants are all or nothing, so a granted connection can always
 * finish its packet and nobody waits on a half-held budget.
 */
public final class PacketBudget {
    /** A connection waiting for bytes; {@link #cancel} when it goes away first. */
    public interface Wait {
        void cancel();
    }

    private final long limit;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long used;
    private long peak;

    public PacketBudget(long limit) {
        this.limit = limit;
    }

    /** Reserves {@code bytes} now (true), or queues {@code onGranted} to run on {@code context} once they are reserved. */
    public synchronized Wait reserve(long bytes, Context context, Runnable onGranted) {
        if (waiters.isEmpty() && used + bytes <= limit) {
            take(bytes);
            return null;
        }
        Waiter w = new Waiter(bytes, context, onGranted);
        waiters.add(w);
        return w;
    }

    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        synchronized (this) {
            used -= bytes;
            grantWaiters();
        }
    }

    private void take(long bytes) {
        used += bytes;
        peak = Math.max(peak, used);
    }

    private void grantWaiters() {
        while (!waiters.isEmpty() && used + waiters.peek().bytes <= limit) {
            Waiter head = waiters.poll();
            take(head.bytes);
            head.context.runOnContext(v -> head.onGranted.run());
        }
    }

    /** Bytes reserved now. */
    public synchronized long used() {
        return used;
    }

    /** The most ever reserved at once. */
    public synchronized long peak() {
        return peak;
    }

    public long limit() {
        return limit;
    }

    public synchronized int waiting() {
        return waiters.size();
    }

    private final class Waiter implements Wait {
        final long bytes;
        final Context context;
        final Runnable onGranted;

        Waiter(long bytes, Context context, Runnable onGranted) {
            this.bytes = bytes;
            this.context = context;
            this.onGranted = onGranted;
        }

        @Override
        public void cancel() {
            synchronized (PacketBudget.this) {
                for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                    if (it.next() == this) {
                        it.remove();
                        grantWaiters();  // the head may have been what held the others back
                        return;
                    }
                }
            }
        }
    }
}
