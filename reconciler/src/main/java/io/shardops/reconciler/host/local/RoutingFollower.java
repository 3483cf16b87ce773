package io.shardops.reconciler.host.local;

import io.shardops.planner.topology.ShardRecord;
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
 * and hands the new topology to every listener. A watch that ends (etcd restarted) is started again, and the
 * topology is read every {@value #REREAD_EVERY_MILLIS} ms besides.
 */
final class RoutingFollower implements AutoCloseable {
    static final long SETTLE_MILLIS = 20;
    private static final long RETRY_MILLIS = 500;
    static final long REREAD_EVERY_MILLIS = 5_000;

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
    private volatile boolean failing;

    RoutingFollower(TopoStore store, String cluster) {
        this.store = store;
        this.cluster = cluster;
        this.source = new EtcdTopologySource(store);
        this.current = Topology.empty(cluster);
    }

    /** Reads once (best effort: an unreachable etcd is retried in the background) and starts following. */
    void start() {
        thread.execute(this::readAndWatch);
        // a watch can miss its end (a stream on a member that hangs without a reset): a read now and then bounds
        // how long routing can lag behind etcd whatever the watch does
        thread.scheduleWithFixedDelay(this::rereadSoon, REREAD_EVERY_MILLIS, REREAD_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void rereadSoon() {
        if (!closed && rereadPending.compareAndSet(false, true)) {
            reread();
        }
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
            failed(e);
            thread.schedule(this::readAndWatch, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void onEvent(WatchEvent e) {
        if (e instanceof WatchEvent.Ended ended) {
            if (!closed) {
                log("routing watch ended (" + ended.reason() + "); reading the topology again");
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
            failed(e);
            if (rereadPending.compareAndSet(false, true)) {
                thread.schedule(this::reread, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Says so once per run of failures, so an etcd away for minutes is one line, not hundreds. */
    private void failed(RuntimeException e) {
        if (!failing) {
            failing = true;
            log("routing cannot read the topology (" + e.getMessage() + "); trying again every " + RETRY_MILLIS + " ms");
        }
    }

    private void publish(Topology t) {
        if (failing) {
            failing = false;
            log("routing reads the topology again (revision " + t.revision() + ")");
        }
        Topology before = current;
        if (t.revision() != 0 && t.revision() == before.revision()) {
            return;  // the periodic read found nothing new
        }
        current = t;
        for (ShardRecord s : t.shards().values()) {
            ShardRecord was = before.shards().get(Topology.shardKey(s.keyspace(), s.name()));
            if (was != null && !java.util.Objects.equals(was.primaryAlias(), s.primaryAlias())) {
                log("routing: " + s.keyspace() + "/" + s.name() + " primary " + was.primaryAlias() + " -> " + s.primaryAlias()
                        + " (term " + s.term() + ")");
            }
        }
        for (Consumer<Topology> l : listeners) {
            try {
                l.accept(t);
            } catch (RuntimeException e) {
                System.out.println(Instant.now() + " node: routing listener failed: " + e);
            }
        }
    }

    private static void log(String line) {
        System.out.println(Instant.now() + " node: " + line);
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
