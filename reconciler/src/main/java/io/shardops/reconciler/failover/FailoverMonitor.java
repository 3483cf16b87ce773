package io.shardops.reconciler.failover;

import io.shardops.dataplane.tablet.TabletStatus;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.tablets.TabletManagers;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.spec.TabletType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches every shard's primary and acts when it is gone, as vtorc does: every {@link Settings#probeEvery} it
 * asks each primary's tablet manager for its status (at the address its tablet record gives); a primary whose
 * manager does not answer, whose mysqld is not running, or whose record says not serving, for
 * {@link Settings#downFor} in a row, is replaced by an emergency reparent. A tablet of a shard that is not its
 * primary and replicates from no one is a former primary back: it is fenced and re-joined or kept out.
 *
 * <p>Runs in the local node and as {@code shardops failover-monitor} (a Kubernetes pod); several may run at once:
 * the shard lock and a re-read under it make only the first act.
 */
public final class FailoverMonitor implements AutoCloseable {
    /**
     * @param probeEvery how often each primary is asked
     * @param downFor    how long a primary must stay unhealthy before it is replaced; longer than the node takes to
     *                   start a crashed mysqld again (about 1.5 s), so a quick restart is not a failover
     */
    public record Settings(Duration probeEvery, Duration downFor) {
        public static final Settings DEFAULT = new Settings(Duration.ofMillis(250), Duration.ofMillis(2500));
    }

    private final String cluster;
    private final Reparent reparent;
    private final TabletManagers managers;
    private final Settings settings;
    private final Consumer<String> log;
    private final Map<String, Long> unhealthySince = new HashMap<>();
    private final Map<String, Long> detachedSince = new HashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final ExecutorService probes = Executors.newCachedThreadPool(daemon("shardops-failover-probe"));
    private final ExecutorService actions = Executors.newCachedThreadPool(daemon("shardops-failover"));
    private volatile boolean closed;
    private Thread loop;

    public FailoverMonitor(TopoStore store, String cluster, TabletManagers managers, Settings settings, Consumer<String> log) {
        this.cluster = cluster;
        this.managers = managers;
        this.settings = settings;
        this.log = log;
        this.reparent = new Reparent(store, cluster, managers, log);
    }

    public FailoverMonitor start() {
        loop = new Thread(this::run, "shardops-failover-monitor");
        loop.setDaemon(true);
        loop.start();
        return this;
    }

    private void run() {
        while (!closed) {
            try {
                tick(System.nanoTime());
            } catch (RuntimeException e) {
                log.accept("failover monitor of " + cluster + ": " + e.getMessage() + "; trying again");
            }
            try {
                Thread.sleep(settings.probeEvery().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One look at every shard. */
    void tick(long now) {
        Topology t = reparent.read();
        for (ShardRecord s : t.shards().values()) {
            if (s.primaryAlias() == null || busy.contains(s.key())) {
                continue;
            }
            TabletRecord primary = t.tablets().get(s.primaryAlias());
            if (primary == null) {
                continue;
            }
            Optional<String> trouble = trouble(primary);
            if (trouble.isEmpty()) {
                unhealthySince.remove(s.key());
            } else {
                long since = unhealthySince.computeIfAbsent(s.key(), k -> now);
                if (now - since >= settings.downFor().toNanos()) {
                    unhealthySince.remove(s.key());
                    act(s.key(), () -> reparent.emergency(s.keyspace(), s.name(), primary.alias(), trouble.get()
                            + " for " + (now - since) / 1_000_000 + " ms"));
                }
                continue;  // while the primary is in doubt, leave the others alone
            }
            Set<String> rebuild = Set.copyOf(reparent.history().read(s.keyspace(), s.name()).needsRebuild());
            for (TabletRecord r : Reparent.tablets(t, s.keyspace(), s.name())) {
                if (r.alias().equals(primary.alias()) || rebuild.contains(r.alias()) || r.state() == TabletState.STARTING) {
                    detachedSince.remove(r.alias());
                    continue;
                }
                if (formerPrimary(r)) {
                    long since = detachedSince.computeIfAbsent(r.alias(), k -> now);
                    // a replica being added has no source for a moment: give its apply step time to point it
                    if (r.type() == TabletType.PRIMARY || now - since >= settings.downFor().toNanos()) {
                        detachedSince.remove(r.alias());
                        act(s.key(), () -> reparent.rejoin(s.keyspace(), s.name(), r.alias()));
                    }
                } else {
                    detachedSince.remove(r.alias());
                }
            }
        }
    }

    /** Why the primary is not healthy, or empty. */
    private Optional<String> trouble(TabletRecord primary) {
        if (primary.state() == TabletState.NOT_SERVING || primary.state() == TabletState.STOPPED) {
            return Optional.of("its tablet record says " + primary.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        Optional<TabletStatus> st = status(primary);
        if (st.isEmpty()) {
            return Optional.of("its tablet manager at " + primary.hostname() + ":" + primary.httpPort() + " does not answer");
        }
        if (!st.get().mysqldRunning()) {
            return Optional.of("its mysqld is " + st.get().mysqld());
        }
        return Optional.empty();
    }

    /** Not the primary, yet writable-typed or replicating from no one. */
    private boolean formerPrimary(TabletRecord r) {
        if (r.type() == TabletType.PRIMARY) {
            return true;
        }
        Optional<TabletStatus> st = status(r);
        return st.isPresent() && st.get().mysqldRunning() && st.get().replication() != null && !st.get().replication().isReplica();
    }

    private Optional<TabletStatus> status(TabletRecord r) {
        CompletableFuture<TabletStatus> f = CompletableFuture.supplyAsync(() -> managers.of(r).status(), probes);
        try {
            return Optional.of(f.get(Reparent.CALL_TIMEOUT.toMillis() / 3, TimeUnit.MILLISECONDS));
        } catch (Exception e) {
            f.cancel(true);
            return Optional.empty();
        }
    }

    private void act(String shardKey, java.util.function.Supplier<Reparent.Outcome> action) {
        if (!busy.add(shardKey)) {
            return;
        }
        actions.execute(() -> {
            try {
                action.get();
            } catch (RuntimeException e) {
                log.accept("failover " + shardKey + " failed: " + e.getMessage() + "; the monitor tries again");
            } finally {
                busy.remove(shardKey);
            }
        });
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        closed = true;
        if (loop != null) {
            loop.interrupt();
        }
        probes.shutdownNow();
        actions.shutdownNow();
        reparent.close();
    }

    /** For tests and status: the shards whose primary is in doubt now. */
    public List<String> inDoubt() {
        return List.copyOf(unhealthySince.keySet());
    }
}
