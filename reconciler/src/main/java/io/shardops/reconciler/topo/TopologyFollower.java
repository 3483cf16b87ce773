package io.shardops.reconciler.topo;

import io.shardops.planner.topology.Topology;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps a consumer (a gateway's routing table, a status page) current with a cluster's whole
 * {@link Topology}: one read, then a watch from that read's revision; each burst of changes causes one
 * fresh consistent read, so the consumer only ever sees whole topologies at one revision, in revision
 * order. A watch that ends (etcd restarted, history compacted) is restarted from a fresh read.
 */
public final class TopologyFollower implements AutoCloseable {
    private final TopoStore store;
    private final TopologyKeys keys;
    private final Consumer<Topology> consumer;
    private final Consumer<String> problems;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shardops-topology-follower");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean readPending = new AtomicBoolean();
    private volatile TopoWatch watch;
    private volatile boolean closed;
    private volatile long delivered = -1;

    private TopologyFollower(TopoStore store, String cluster, Consumer<Topology> consumer, Consumer<String> problems) {
        this.store = store;
        this.keys = new TopologyKeys(cluster);
        this.consumer = consumer;
        this.problems = problems;
    }

    /**
     * Starts following {@code cluster}: {@code consumer} gets the current topology before this returns,
     * then every later one on a background thread. {@code problems} hears why a read or watch failed
     * (it is retried).
     */
    public static TopologyFollower start(TopoStore store, String cluster, Consumer<Topology> consumer, Consumer<String> problems) {
        TopologyFollower f = new TopologyFollower(store, cluster, consumer, problems);
        Topology first = new EtcdTopologySource(store).read(cluster);
        f.deliver(first);
        f.watchFrom(first.revision());
        return f;
    }

    private void watchFrom(long revision) {
        if (closed) {
            return;
        }
        watch = store.watch(keys.root(), revision, event -> {
            if (event instanceof WatchEvent.Ended ended) {
                problems.accept(ended.reason());
                scheduleRead(true);
            } else {
                scheduleRead(false);
            }
        });
    }

    /** Coalesces events: at most one read waits while one runs. */
    private void scheduleRead(boolean rewatch) {
        if (closed || (!rewatch && !readPending.compareAndSet(false, true))) {
            return;
        }
        reader.execute(() -> {
            readPending.set(false);
            try {
                Topology t = new EtcdTopologySource(store).read(keys.cluster());
                deliver(t);
                if (rewatch) {
                    watchFrom(t.revision());
                }
            } catch (TopoException e) {
                problems.accept(e.getMessage());
                pause();
                scheduleRead(rewatch);
            }
        });
    }

    private synchronized void deliver(Topology t) {
        if (!closed && t.revision() > delivered) {
            delivered = t.revision();
            consumer.accept(t);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The revision of the last topology handed to the consumer. */
    public long revision() {
        return delivered;
    }

    @Override
    public void close() {
        closed = true;
        TopoWatch w = watch;
        if (w != null) {
            w.close();
        }
        reader.shutdownNow();
    }
}
