package io.shardops.reconciler.gitops.console;

import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.Approval;
import io.shardops.reconciler.apply.RunRecord;
import io.shardops.reconciler.failover.ShardFailovers;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one console snapshot is built from, read at one moment: the values only, no store.
 *
 * @param cluster      the cluster shown; empty while etcd holds none (or there is no etcd)
 * @param topology     the cluster's topology read at one revision
 * @param runs         every apply run of the cluster ({@code reconciler/runs/}), in any order
 * @param plans        each run's plan as its JSON text ({@code reconciler/plans/<run>}), by run id
 * @param approvals    the approvals given, by run id
 * @param watch        the watcher's last record (GET /api/status)
 * @param lagSeconds   replication lag by tablet alias, where known
 * @param problem      why part of the console is empty (no etcd, etcd unreachable), for the page to say
 * @param failovers    each shard's durability, term, last failovers and former primaries kept out, by {@code ks/shard}
 */
public record ConsoleInputs(Optional<String> cluster, Topology topology, List<RunRecord> runs, Map<String, String> plans,
                            Map<String, List<Approval>> approvals, JsonObject watch, Map<String, Long> lagSeconds,
                            Optional<String> problem, Instant readAt, Map<String, ShardFailovers> failovers) {
    public ConsoleInputs {
        failovers = failovers == null ? Map.of() : Map.copyOf(failovers);
        runs = List.copyOf(runs);
        plans = Map.copyOf(plans);
        approvals = Map.copyOf(approvals);
        lagSeconds = Map.copyOf(lagSeconds);
    }

    public ConsoleInputs(Optional<String> cluster, Topology topology, List<RunRecord> runs, Map<String, String> plans,
                         Map<String, List<Approval>> approvals, JsonObject watch, Map<String, Long> lagSeconds,
                         Optional<String> problem, Instant readAt) {
        this(cluster, topology, runs, plans, approvals, watch, lagSeconds, problem, readAt, Map.of());
    }

    /** Nothing but the watcher's record and a reason, for when the store cannot be read. */
    public static ConsoleInputs without(String problem, JsonObject watch, Instant readAt) {
        return new ConsoleInputs(Optional.empty(), Topology.EMPTY, List.of(), Map.of(), Map.of(), watch, Map.of(),
                Optional.of(problem), readAt);
    }
}
