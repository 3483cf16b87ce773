package io.shardops.dataplane.tablet;

import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The tablet's current {@link ServingState}, read by the query service on every query (a volatile
 * read) and changed by the tablet manager. Listeners hear every change, e.g. to update the
 * tablet's record in the topology.
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

    public void onChange(Consumer<ServingState> listener) {
        listeners.add(listener);
    }
}
