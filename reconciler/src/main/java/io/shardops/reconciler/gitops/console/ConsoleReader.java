package io.shardops.reconciler.gitops.console;

import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.Approval;
import io.shardops.reconciler.apply.RunRecord;
import io.shardops.reconciler.failover.ShardFailovers;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.Versioned;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads what the console shows from the topology store: blocking calls, so never on an event loop.
 * The cluster is the one named, or else the first one etcd holds (a watcher learns its cluster's name
 * only from the spec, and one etcd usually holds one cluster).
 */
public final class ConsoleReader {
    private final Optional<TopoStore> store;
    private final Optional<String> namedCluster;
    private final Supplier<JsonObject> watch;
    private final Clock clock;
    /** The cluster found in etcd, kept once found so each snapshot reads one cluster, not all of etcd. */
    private volatile Optional<String> found = Optional.empty();

    public ConsoleReader(Optional<TopoStore> store, Optional<String> cluster, Supplier<JsonObject> watch, Clock clock) {
        this.store = store;
        this.namedCluster = cluster;
        this.watch = watch;
        this.clock = clock;
    }

    public Optional<TopoStore> store() {
        return store;
    }

    public ConsoleInputs read() {
        if (store.isEmpty()) {
            return ConsoleInputs.without("no etcd: start shardops watch with --etcd ENDPOINTS to see the topology and the runs",
                    watch.get(), clock.instant());
        }
        TopoStore s = store.get();
        try {
            Optional<String> cluster = cluster();
            if (cluster.isEmpty()) {
                return ConsoleInputs.without("etcd holds no cluster yet: the first apply creates it", watch.get(), clock.instant());
            }
            TopologyKeys keys = new TopologyKeys(cluster.get());
            Topology topology = new EtcdTopologySource(s).read(cluster.get());
            List<RunRecord> runs = new ArrayList<>();
            Map<String, String> plans = new LinkedHashMap<>();
            Map<String, List<Approval>> approvals = new LinkedHashMap<>();
            String runsDir = keys.runs();
            String plansDir = keys.plans();
            String approvalsDir = keys.approvals();
            for (Versioned e : s.list(keys.reconcilerDir()).entries()) {
                String key = e.key();
                try {
                    if (key.startsWith(runsDir)) {
                        runs.add(RunRecord.fromJson(e.value()));
                    } else if (key.startsWith(plansDir)) {
                        plans.put(key.substring(plansDir.length()), e.value());
                    } else if (key.startsWith(approvalsDir)) {
                        Approval a = Approval.fromJson(e.value());
                        approvals.computeIfAbsent(a.runId(), id -> new ArrayList<>()).add(a);
                    }
                } catch (IllegalArgumentException unreadable) {
                    // one unreadable record must not blank the console; the others still show
                }
            }
            Map<String, ShardFailovers> failovers = new LinkedHashMap<>();
            try {
                ShardFailovers.read(s, topology).forEach(f -> failovers.put(f.shard(), f));
            } catch (RuntimeException unreadable) {
                // a failover record that cannot be read leaves the shards without their history, not the console blank
            }
            return new ConsoleInputs(cluster, topology, runs, plans, approvals, watch.get(), Map.of(), Optional.empty(), clock.instant(),
                    failovers);
        } catch (TopoException e) {
            return ConsoleInputs.without("cannot read etcd: " + e.getMessage(), watch.get(), clock.instant());
        }
    }

    /** The cluster an approval is recorded in: the one named, else the one shown. */
    public Optional<String> cluster() {
        if (namedCluster.isPresent() || found.isPresent()) {
            return namedCluster.isPresent() ? namedCluster : found;
        }
        found = store.flatMap(ConsoleReader::firstCluster);
        return found;
    }

    /** The cluster shown so far, without reading etcd: for threads that must not block. */
    public Optional<String> shownCluster() {
        return namedCluster.isPresent() ? namedCluster : found;
    }

    private static Optional<String> firstCluster(TopoStore store) {
        return store.clusters().stream().findFirst();
    }
}
