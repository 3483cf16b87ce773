package io.shardops.reconciler.failover;

import io.shardops.dataplane.tablet.TabletStatus;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches every shard's primary and acts when it is gone, as vtorc does: every {@link Settings#probeEvery} it
 * asks each primary's tablet manager for its status (at the address its tablet record gives); a primary whose
 * mysqld is not running or whose manager refuses the call for {@link Settings#downFor} in a row, or whose manager
 * does not answer within a second for twice that, is replaced by an emergency reparent. A tablet of a shard that is not its
 * primary and is typed primary, not serving, or replicates from no one or from another server is a former primary
 * back (or a tablet a failover could not re-point): it is fenced and re-joined or kept out.
 *
 * <p>Runs in the local node and as {@code shardops failover-monitor} (a Kubernetes pod); several may run at once:
 * the shard lock and a re-read under it make only the first act.
 */
public final class FailoverMonitor implements AutoCloseable {
    /**
     * @param probeEvery how often each primary is asked
     * @param downFor    how long a primary must stay unhealthy before it is replaced; longer than the node takes to
     *                   start a crashed mysqld again (1 s pause, then about 0.5 s), so a quick restart is not a failover
     */
    public record Settings(Duration probeEvery, Duration downFor, Duration lostAfter) {
        /** How long a tablet's manager may stay silent before the tablet is taken for lost and a plan replaces it. */
        public static final Duration LOST_AFTER = Duration.ofMinutes(5);
        public static final Settings DEFAULT = new Settings(Duration.ofMillis(250), Duration.ofMillis(2000), LOST_AFTER);

        public Settings(Duration probeEvery, Duration downFor) {
            this(probeEvery, downFor, LOST_AFTER);
        }

        public Settings withLostAfter(Duration d) {
            return new Settings(probeEvery, downFor, d);
        }
    }

    private final String cluster;
    private final Reparent reparent;
    private final TabletManagers managers;
    private final Settings settings;
    private final Consumer<String> log;
    private final Map<String, Long> unhealthySince = new HashMap<>();
    private final Map<String, Long> detachedSince = new HashMap<>();
    private final Map<String, Long> silentSince = new HashMap<>();
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

    /** Every this many ticks the other tablets are checked too (former primaries): they cost a status call each. */
    static final int SWEEP_EVERY_TICKS = 8;
    private long ticks;

    /** One look at every shard's primary; every {@link #SWEEP_EVERY_TICKS} ticks at its other tablets too. */
    void tick(long now) {
        boolean sweep = ticks++ % SWEEP_EVERY_TICKS == 0;
        Topology t = reparent.read();
        for (ShardRecord s : t.shards().values()) {
            // a shard that stopped taking writes (a reshard's source after its switch) is left alone
            if (s.primaryAlias() == null || !s.primaryServing() || busy.contains(s.key())) {
                continue;
            }
            TabletRecord primary = t.tablets().get(s.primaryAlias());
            if (primary == null) {
                continue;
            }
            Optional<Trouble> trouble = trouble(primary);
            if (trouble.isEmpty()) {
                unhealthySince.remove(s.key());
            } else {
                long since = unhealthySince.computeIfAbsent(s.key(), k -> now);
                // a manager that only answers slowly (a loaded host, a stopped process, a partition) needs twice as long
                long wait = trouble.get().certain() ? settings.downFor().toNanos() : 2 * settings.downFor().toNanos();
                if (now - since >= wait) {
                    unhealthySince.remove(s.key());
                    act(s.key(), () -> reparent.emergency(s.keyspace(), s.name(), primary.alias(), trouble.get().reason()
                            + " for " + (now - since) / 1_000_000 + " ms"));
                }
                continue;  // while the primary is in doubt, leave the others alone
            }
            if (!sweep) {
                continue;
            }
            Set<String> rebuild = Set.copyOf(reparent.history().read(s.keyspace(), s.name()).needsRebuild());
            for (TabletRecord r : Reparent.tablets(t, s.keyspace(), s.name())) {
                if (r.alias().equals(primary.alias()) || rebuild.contains(r.alias()) || r.state() == TabletState.STARTING) {
                    detachedSince.remove(r.alias());
                    silentSince.remove(r.alias());
                    continue;
                }
                Probe p = probe(r);  // one status call a tablet and sweep, for both questions below
                if (lost(r, p, now)) {
                    act(s.key(), () -> reparent.markLost(s.keyspace(), s.name(), r.alias(), "its tablet manager at " + r.hostname() + ":"
                            + r.httpPort() + " has not answered for " + settings.lostAfter().toSeconds() + " s"));
                    continue;
                }
                if (formerPrimary(r, p, primary)) {
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

    /**
     * Why a primary is not healthy. {@code certain}: its mysqld is not running or its manager refused the call;
     * otherwise the manager only did not answer in time.
     */
    record Trouble(String reason, boolean certain) {}

    private Optional<Trouble> trouble(TabletRecord primary) {
        Probe p = probe(primary);
        return switch (p) {
            case Probe.Answered a when a.status().mysqldRunning() -> Optional.empty();
            case Probe.Answered a -> Optional.of(new Trouble("its mysqld is " + a.status().mysqld(), true));
            case Probe.Failed f -> Optional.of(new Trouble("its tablet manager at " + primary.hostname() + ":" + primary.httpPort()
                    + " fails: " + f.message(), true));
            case Probe.NoAnswer n -> Optional.of(new Trouble("its tablet manager at " + primary.hostname() + ":" + primary.httpPort()
                    + " does not answer", false));
        };
    }

    /** What asking a tablet's manager for its status gave. */
    sealed interface Probe {
        record Answered(TabletStatus status) implements Probe {}

        record Failed(String message) implements Probe {}

        record NoAnswer() implements Probe {}
    }

    /**
     * Whether a tablet (not its shard's primary) has been silent for {@link Settings#lostAfter}: its manager neither
     * answered nor refused in time at every look since. A manager that answers, whatever its mysqld does, resets it.
     */
    private boolean lost(TabletRecord r, Probe p, long now) {
        if (p instanceof Probe.Answered) {
            silentSince.remove(r.alias());
            return false;
        }
        long since = silentSince.computeIfAbsent(r.alias(), k -> now);
        if (now - since < settings.lostAfter().toNanos()) {
            return false;
        }
        silentSince.remove(r.alias());
        return true;
    }

    /**
     * Not the primary, yet typed primary or replicating from no one, and up (a former primary whose mysqld is
     * still down is handled when it is back).
     */
    private static boolean formerPrimary(TabletRecord r, Probe p, TabletRecord primary) {
        if (!(p instanceof Probe.Answered a) || !a.status().mysqldRunning() || a.status().replication() == null) {
            return false;
        }
        TabletStatus s = a.status();
        return r.type() == TabletType.PRIMARY || s.type() == TabletType.PRIMARY || !s.serving()
                || !s.replication().replicatesFrom(primary.hostname(), primary.mysqlPort());
    }

    /**
     * The tablet's status, or no answer when none comes within a second. A probe still hanging (a server that is
     * stopped, a host cut off) counts as no answer and is not repeated, so hung probes never pile up.
     */
    private Probe probe(TabletRecord r) {
        CompletableFuture<TabletStatus> f = pendingProbes.get(r.alias());
        if (f == null) {
            f = CompletableFuture.supplyAsync(() -> managers.of(r).status(), probes);
            pendingProbes.put(r.alias(), f);
        }
        try {
            TabletStatus s = f.get(Reparent.CALL_TIMEOUT.toMillis() / 3, TimeUnit.MILLISECONDS);
            pendingProbes.remove(r.alias());
            return new Probe.Answered(s);
        } catch (TimeoutException e) {
            return new Probe.NoAnswer();
        } catch (ExecutionException e) {
            pendingProbes.remove(r.alias());
            return new Probe.Failed(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe.NoAnswer();
        }
    }

    private final Map<String, CompletableFuture<TabletStatus>> pendingProbes = new ConcurrentHashMap<>();

    private void act(String shardKey, Supplier<Reparent.Outcome> action) {
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

    private static ThreadFactory daemon(String name) {
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
