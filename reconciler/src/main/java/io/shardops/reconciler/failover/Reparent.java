package io.shardops.reconciler.failover;

import io.shardops.dataplane.replication.GtidPosition;
import io.shardops.dataplane.tablet.ReplicationStatus;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.dataplane.tablet.TabletStatus;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.move.StreamsAfterReparent;
import io.shardops.reconciler.apply.steps.schemachange.SchemaChangesAfterReparent;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.LockHolder;
import io.shardops.reconciler.topo.TopoLock;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.TabletType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Changes a shard's primary under the shard's lock, through the tablets' managers, and records the new primary
 * with a higher term: the emergency reparent (the primary is gone), the planned one (it is alive and steps down),
 * and the handling of a former primary that is back (fenced, then re-joined or kept out).
 */
public final class Reparent {
    static final Duration LOCK_TTL = Duration.ofSeconds(15);
    /** A tablet that does not answer within this is treated as gone for the failover. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final TopoStore store;
    private final String cluster;
    private final TabletManagers managers;
    private final Consumer<String> log;
    private final TopologyWriter writer;
    private final FailoverLog history;
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shardops-reparent-call");
        t.setDaemon(true);
        return t;
    });

    public Reparent(TopoStore store, String cluster, TabletManagers managers, Consumer<String> log) {
        this.store = store;
        this.cluster = cluster;
        this.managers = managers;
        this.log = log;
        this.writer = new TopologyWriter(store, cluster);
        this.history = new FailoverLog(store, cluster);
    }

    public FailoverLog history() {
        return history;
    }

    /** What a reparent did; {@code event} empty when there was nothing to do. */
    public record Outcome(Optional<FailoverEvent> event, String summary) {}

    TopoLock lockShard(String keyspace, String shard, String purpose, Duration wait) {
        return store.lock(new TopologyKeys(cluster).shardDir(keyspace, shard) + "lock",
                LockHolder.thisProcess("", purpose, Instant.now()), LOCK_TTL, wait);
    }

    Topology read() {
        return new EtcdTopologySource(store).read(cluster);
    }

    /**
     * The primary {@code deadPrimary} is gone: promote the replica that has the most of its transactions. Does
     * nothing if the shard's primary is no longer {@code deadPrimary} (another monitor got there first).
     */
    public Outcome emergency(String keyspace, String shard, String deadPrimary, String reason) {
        long t0 = System.nanoTime();
        try (TopoLock lock = lockShard(keyspace, shard, "emergency reparent of " + keyspace + "/" + shard, Duration.ofSeconds(5))) {
            Topology t = read();
            ShardRecord s = t.shard(keyspace, shard).orElseThrow();
            if (!deadPrimary.equals(s.primaryAlias())) {
                return new Outcome(Optional.empty(), keyspace + "/" + shard + ": primary is " + s.primaryAlias() + " already");
            }
            log.accept("failover " + keyspace + "/" + shard + ": primary " + deadPrimary + " is gone (" + reason + "); choosing a replica");
            // every replica stops receiving, so none moves while they are compared
            Map<String, CompletableFuture<String>> asked = new LinkedHashMap<>();
            for (TabletRecord r : tablets(t, keyspace, shard)) {
                // only serving replicas acknowledge; a fenced or restarting one may miss what others have
                if (!r.alias().equals(deadPrimary) && r.type() == TabletType.REPLICA && r.state() == TabletState.SERVING) {
                    asked.put(r.alias(), async(() -> managers.of(r).stopReplicationReceiving()));
                }
            }
            List<Candidates.Candidate> candidates = new ArrayList<>();
            Map<String, String> positions = new LinkedHashMap<>();
            for (Map.Entry<String, CompletableFuture<String>> e : asked.entrySet()) {
                try {
                    String pos = e.getValue().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    candidates.add(new Candidates.Candidate(e.getKey(), GtidPosition.parse(pos)));
                    positions.put(e.getKey(), pos);
                } catch (Exception ex) {
                    positions.put(e.getKey(), "unreachable");
                }
            }
            Candidates.Candidate best = Candidates.mostAdvanced(candidates).orElseThrow(() -> new IllegalStateException(
                    "failover " + keyspace + "/" + shard + ": no replica tablet answered; positions " + positions));
            TabletRecord chosen = t.tablets().get(best.alias());
            log.accept("failover " + keyspace + "/" + shard + ": promoting " + best.alias() + " at " + best.position() + " (positions " + positions + ")");
            // promote applies the relay log it received before it takes writes
            managers.of(chosen).promoteReplica();
            if (!lock.isHeld()) {
                throw new IllegalStateException("failover " + keyspace + "/" + shard + ": lost the shard lock while promoting " + best.alias());
            }
            ShardRecord after = writer.updateShard(keyspace, shard, r -> r.withNewPrimary(best.alias())).orElseThrow();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            repoint(t, keyspace, shard, chosen, deadPrimary);
            FailoverEvent event = new FailoverEvent(Instant.now().toString(), "emergency", reason, deadPrimary, best.alias(), after.term(),
                    positions, millis);
            history.record(keyspace, shard, event);
            log.accept("failover " + keyspace + "/" + shard + ": " + event.line());
            followMoves(keyspace, shard);
            return new Outcome(Optional.of(event), event.line());
        }
    }

    /**
     * The planned reparent: the primary stops taking writes (gateways hold them), the chosen replica catches up to
     * its last position and becomes primary, every other tablet (the old primary too) replicates from it.
     *
     * @param to the tablet to promote, or empty for the replica furthest ahead
     */
    public Outcome planned(String keyspace, String shard, Optional<String> to) {
        long t0 = System.nanoTime();
        try (TopoLock lock = lockShard(keyspace, shard, "planned reparent of " + keyspace + "/" + shard, Duration.ofSeconds(30))) {
            Topology t = read();
            ShardRecord s = t.shard(keyspace, shard).orElseThrow(() -> new IllegalArgumentException("no shard " + keyspace + "/" + shard));
            TabletRecord old = Optional.ofNullable(s.primaryAlias()).map(a -> t.tablets().get(a)).orElseThrow(() ->
                    new IllegalArgumentException("shard " + keyspace + "/" + shard + " has no primary to step down"));
            List<TabletRecord> replicas = tablets(t, keyspace, shard).stream()
                    .filter(r -> r.type() == TabletType.REPLICA && r.state() == TabletState.SERVING && !r.alias().equals(old.alias())).toList();
            TabletRecord chosen;
            if (to.isPresent()) {
                chosen = replicas.stream().filter(r -> r.alias().equals(to.get())).findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "tablet " + to.get() + " is not a replica of " + keyspace + "/" + shard + "; its replicas are "
                                + replicas.stream().map(TabletRecord::alias).toList()));
            } else {
                List<Candidates.Candidate> c = new ArrayList<>();
                for (TabletRecord r : replicas) {
                    c.add(new Candidates.Candidate(r.alias(), GtidPosition.parse(managers.of(r).replicationPosition())));
                }
                String alias = Candidates.mostAdvanced(c).orElseThrow(() -> new IllegalArgumentException(
                        "shard " + keyspace + "/" + shard + " has no replica to promote")).alias();
                chosen = t.tablets().get(alias);
            }
            TabletManager oldManager = managers.of(old);
            // gateways learn first that the primary steps down, so they hold its writes instead of failing them
            writer.updateTablet(old.cell(), old.alias(), r -> new TabletRecord(r.alias(), r.cell(), r.uid(), r.keyspace(), r.shard(), r.type(),
                    r.hostname(), r.grpcPort(), r.httpPort(), r.mysqlPort(), TabletState.NOT_SERVING));
            sleep(GATEWAYS_CATCH_UP);
            // the old primary refuses statements (gateways buffer them), then turns read-only
            oldManager.setServing(false);
            oldManager.fence();
            String last = oldManager.replicationPosition();
            TabletManager newManager = managers.of(chosen);
            newManager.waitForPosition(last, CATCH_UP);
            newManager.promoteReplica();
            ShardRecord after = writer.updateShard(keyspace, shard, r -> r.withNewPrimary(chosen.alias())).orElseThrow();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            repoint(t, keyspace, shard, chosen, null);
            oldManager.setServing(true);
            FailoverEvent event = new FailoverEvent(Instant.now().toString(), "planned", "shardops reparent", old.alias(), chosen.alias(),
                    after.term(), Map.of(old.alias(), last), millis);
            history.record(keyspace, shard, event);
            log.accept("reparent " + keyspace + "/" + shard + ": " + event.line());
            followMoves(keyspace, shard);
            return new Outcome(Optional.of(event), event.line());
        }
    }

    /** The streams of moves and schema changes through this shard go on with its new primary (still under the shard's lock). */
    private void followMoves(String keyspace, String shard) {
        try {
            Topology t = read();
            List<String> moves = new ArrayList<>(StreamsAfterReparent.restart(managers, t, keyspace, shard, log));
            moves.addAll(SchemaChangesAfterReparent.restart(managers, t, keyspace, shard, log));
            if (!moves.isEmpty()) {
                log.accept("reparent " + keyspace + "/" + shard + ": the streams of " + String.join(", ", moves) + " follow the new primary");
            }
        } catch (RuntimeException e) {
            log.accept("reparent " + keyspace + "/" + shard + ": the moves' streams were not started again (" + e.getMessage()
                    + "); apply starts them when it resumes the move");
        }
    }

    /**
     * Puts a silent tablet on the shard's list of tablets to replace (a {@code lost} event), unless it is the shard's
     * primary by now (then the failover is the monitor's business) or listed already.
     */
    public Outcome markLost(String keyspace, String shard, String alias, String reason) {
        try (TopoLock lock = lockShard(keyspace, shard, "mark " + alias + " lost", Duration.ofSeconds(5))) {
            Topology t = read();
            ShardRecord s = t.shard(keyspace, shard).orElseThrow();
            if (alias.equals(s.primaryAlias()) || history.read(keyspace, shard).needsRebuild().contains(alias)) {
                return new Outcome(Optional.empty(), "nothing to do for " + alias);
            }
            FailoverEvent event = new FailoverEvent(Instant.now().toString(), FailoverLog.LOST, reason + "; the next apply replaces it",
                    alias, s.primaryAlias(), s.term(), Map.of(), 0);
            history.record(keyspace, shard, event);
            log.accept("failover " + keyspace + "/" + shard + ": " + event.line());
            return new Outcome(Optional.of(event), event.line());
        }
    }

    /**
     * A tablet of the shard that is not its primary and replicates from no one (a former primary back after a
     * failover, fenced at its start or still writable): fenced now, then re-pointed at the primary when it has
     * nothing the primary lacks, else kept out and recorded {@code needs-rebuild}.
     */
    public Outcome rejoin(String keyspace, String shard, String alias) {
        try (TopoLock lock = lockShard(keyspace, shard, "fence " + alias, Duration.ofSeconds(5))) {
            Topology t = read();
            ShardRecord s = t.shard(keyspace, shard).orElseThrow();
            TabletRecord former = t.tablets().get(alias);
            TabletRecord primary = s.primaryAlias() == null ? null : t.tablets().get(s.primaryAlias());
            if (former == null || primary == null || alias.equals(s.primaryAlias())) {
                return new Outcome(Optional.empty(), "nothing to do for " + alias);
            }
            TabletManager m = managers.of(former);
            m.fence();
            TabletStatus st = m.status();
            String mine = st.replication() == null ? "" : st.replication().gtidBinlogState();
            ReplicationStatus primaryReplication = managers.of(primary).status().replication();
            String theirs = primaryReplication == null ? "" : primaryReplication.gtidBinlogState();
            GtidPosition theirPosition = GtidPosition.parse(primaryReplication == null ? "" : primaryReplication.gtidCurrentPos());
            Map<String, String> positions = Map.of(alias, mine, primary.alias(), theirs);
            FailoverEvent event;
            if (Candidates.hasErrantTransactions(GtidPosition.parseState(mine), GtidPosition.parseState(theirs), theirPosition)) {
                event = new FailoverEvent(Instant.now().toString(), "needs-rebuild", "former primary has transactions the primary lacks (errant GTIDs); "
                        + "kept read-only and not serving", alias, primary.alias(), s.term(), positions, 0);
            } else {
                m.setReplicationSource(primary.hostname(), primary.mysqlPort());
                m.setServing(true);
                event = new FailoverEvent(Instant.now().toString(), "rejoined", "former primary fenced and re-pointed as a replica",
                        alias, primary.alias(), s.term(), positions, 0);
            }
            history.record(keyspace, shard, event);
            log.accept("fencing " + keyspace + "/" + shard + ": " + event.line());
            return new Outcome(Optional.of(event), event.line());
        }
    }

    /**
     * Every other serving tablet of the shard replicates from the new primary. One not serving (fenced, crashed,
     * or a former primary) is not: it might hold errant transactions, so the monitor checks it before it rejoins.
     */
    private void repoint(Topology t, String keyspace, String shard, TabletRecord primary, String skip) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (TabletRecord r : tablets(t, keyspace, shard)) {
            if (r.alias().equals(primary.alias()) || r.alias().equals(skip) || r.state() != TabletState.SERVING
                    || r.type() == TabletType.PRIMARY && !r.alias().equals(t.shard(keyspace, shard).map(ShardRecord::primaryAlias).orElse(""))) {
                continue;
            }
            pending.add(async(() -> {
                managers.of(r).setReplicationSource(primary.hostname(), primary.mysqlPort());
                return null;
            }).handle((ok, err) -> {
                if (err != null) {
                    log.accept("reparent " + keyspace + "/" + shard + ": could not re-point " + r.alias() + " (" + err.getMessage() + "); it is fenced when it is back");
                }
                return null;
            }));
        }
        for (CompletableFuture<Void> p : pending) {
            try {
                p.get(CALL_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // reported above, or still running: it finishes on its own
            }
        }
    }

    /** How long a planned reparent gives gateways to see that the primary steps down (they follow etcd within milliseconds). */
    static final Duration GATEWAYS_CATCH_UP = Duration.ofMillis(300);

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static List<TabletRecord> tablets(Topology t, String keyspace, String shard) {
        return t.tablets().values().stream()
                .filter(r -> r.keyspace().equals(keyspace) && r.shard().equals(shard) && r.state() != TabletState.STOPPED)
                .sorted(Comparator.comparing(TabletRecord::alias)).toList();
    }

    private <T> CompletableFuture<T> async(Callable<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, calls);
    }

    public void close() {
        calls.shutdownNow();
    }
}
