package io.shardops.reconciler.host.local;

import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopoWatch;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.WatchEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps a current {@link Topology} of one cluster: reads it whole, watches {@code /shardops/<cluster>/},
 * and after a change reads it again (changes within {@value #SETTLE_MILLIS} ms are taken together)
 * and hands the new topology to every listener. A watch that ends (etcd restarted) is started again.
 */
final class RoutingFollower implements AutoCloseable {
    static final long SETTLE_MILLIS = 20;
    private static final long RETRY_MILLIS = 500;

    private final TopoStore store;
    private final String cluster;
    private final EtcdTopologySource source;
    private final List<Consumer<Topology>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shardops-routing");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean rereadPending = new AtomicBoolean();
    private volatile Topology current;
    private volatile TopoWatch watch;
    private volatile boolean closed;

    RoutingFollower(TopoStore store, String cluster) {
        this.store = store;
        this.cluster = cluster;
        this.source = new EtcdTopologySource(store);
        this.current = Topology.empty(cluster);
    }

    /** Reads once (best effort: an unreachable etcd is retried in the background) and starts following. */
    void start() {
        thread.execute(this::readAndWatch);
    }

    Topology current() {
        return current;
    }

    void onChange(Consumer<Topology> listener) {
        listeners.add(listener);
        listener.accept(current);
    }

    private void readAndWatch() {
        if (closed) {
            return;
        }
        try {
            Topology t = source.read(cluster);
            publish(t);
            watch = store.watch(new TopologyKeys(cluster).root(), t.revision(), this::onEvent);
        } catch (RuntimeException e) {
            thread.schedule(this::readAndWatch, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void onEvent(WatchEvent e) {
        if (e instanceof WatchEvent.Ended) {
            if (!closed) {
                thread.schedule(this::readAndWatch, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (rereadPending.compareAndSet(false, true)) {
            thread.schedule(this::reread, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void reread() {
        rereadPending.set(false);
        try {
            publish(source.read(cluster));
        } catch (RuntimeException e) {
            if (rereadPending.compareAndSet(false, true)) {
                thread.schedule(this::reread, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void publish(Topology t) {
        current = t;
        for (Consumer<Topology> l : listeners) {
            try {
                l.accept(t);
            } catch (RuntimeException e) {
                System.out.println(Instant.now() + " node: routing listener failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        TopoWatch w = watch;
        if (w != null) {
            w.close();
        }
        thread.shutdownNow();
    }
}
