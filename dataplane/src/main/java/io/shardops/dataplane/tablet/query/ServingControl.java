package io.shardops.dataplane.tablet.query;

import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The tablet's current {@link ServingState}, read by the query service on every query (a volatile
 * read) and changed by the tablet manager. Listeners hear every change, e.g. to update the
 * tablet's record in the topology.
 *
 * <p>It also counts the query service's statements in flight by the state they were admitted under, so a
 * change that stops writes can wait for the writes admitted just before it: a primary switch reads the
 * source's final position only once no write can commit after it.
 */
public final class ServingControl {
    private volatile ServingState state;
    private final List<Consumer<ServingState>> listeners = new CopyOnWriteArrayList<>();

    public ServingControl(TabletType initialType) {
        this(new ServingState(initialType, true, Set.of()));
    }

    public ServingControl(ServingState initial) {
        this.state = initial;
    }

    public ServingState get() {
        return state;
    }

    public synchronized ServingState update(UnaryOperator<ServingState> change) {
        ServingState before = state;
        ServingState after = change.apply(before);
        if (!after.equals(before)) {
            state = after;
            for (Consumer<ServingState> l : listeners) {
                l.accept(after);
            }
        }
        return after;
    }

    /** Statements admitted per epoch parity; an update moves to the next epoch. */
    private final AtomicIntegerArray inFlight = new AtomicIntegerArray(2);
    private volatile int epoch;

    /**
     * A statement of the query service starts, before it reads the state it is checked against; the answer
     * is a ticket for {@link #finished}. Cheap: two atomic operations per statement.
     */
    public int admitted() {
        while (true) {
            int e = epoch;
            inFlight.incrementAndGet(e & 1);
            if (epoch == e) {
                return e;
            }
            inFlight.decrementAndGet(e & 1);  // an update came in between: count under the new epoch
        }
    }

    /** The statement of {@code ticket} (from {@link #admitted}) has its answer, or was refused. */
    public void finished(int ticket) {
        inFlight.decrementAndGet(ticket & 1);
    }

    /**
     * {@link #update}, then waits until every statement admitted before it has finished; false if some are still
     * running after {@code timeoutMillis}.
     */
    public synchronized boolean updateAndDrain(UnaryOperator<ServingState> change, long timeoutMillis) {
        update(change);
        int before = epoch;
        epoch = before + 1;  // after the state: a statement counted under the new epoch reads the new state
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (inFlight.get(before & 1) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public void onChange(Consumer<ServingState> listener) {
        listeners.add(listener);
    }
}
