package io.shardops.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.planner.topology.RunState;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyKeys;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Approvals of gated steps, kept in etcd beside the runs they belong to, so whoever approves
 * ({@code shardops approve}, the console) and whoever applies (the executor, the watcher) need
 * nothing but the topology store in common. An approval names one step of one run: approving the
 * switch of one plan never lets another plan's switch through.
 */
public final class Approvals {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TopoStore store;
    private final TopologyKeys keys;

    public Approvals(TopoStore store, String cluster) {
        this.store = store;
        this.keys = new TopologyKeys(cluster);
    }

    /** Why an approval was refused; the message says what to do. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Approves step {@code step} of run {@code runId}. Refused when the run is unknown, finished, or
     * not stopped at a gated step (approve what a run waits for, not steps it may reach later:
     * the plan behind a later step may still change).
     */
    public Approval approve(String runId, int step, String by, Instant at) {
        RunRecord run = run(runId).orElseThrow(() -> new Refused("no run " + runId + " in cluster " + keys.cluster()
                + "; `shardops status` or the console lists the runs waiting for approval"));
        if (run.state() != RunState.WAITING_APPROVAL) {
            throw new Refused("run " + runId + " is " + run.state().word() + ", not waiting for approval; nothing to approve");
        }
        int waitingAt = waitingStep(run).orElse(-1);
        if (waitingAt != step) {
            throw new Refused("run " + runId + " waits for approval of step " + waitingAt + ", not step " + step
                    + "; approve step " + waitingAt);
        }
        Approval a = new Approval(runId, step, gate(runId, step), by, at.toString());
        store.update(keys.approval(runId, step), old -> Optional.of(old.orElse(a.toJson())));
        return store.get(keys.approval(runId, step)).map(v -> Approval.fromJson(v.value())).orElse(a);
    }

    /** Whether step {@code step} of run {@code runId} was approved. */
    public boolean approved(String runId, int step) {
        return store.get(keys.approval(runId, step)).isPresent();
    }

    /** The approvals given for run {@code runId}, in key order. */
    public List<Approval> of(String runId) {
        return store.list(keys.approvals(runId)).entries().stream().map(e -> Approval.fromJson(e.value())).toList();
    }

    /** The runs of this cluster that stopped at a gated step and wait for someone to approve it. */
    public List<RunRecord> waiting() {
        return store.list(keys.runs()).entries().stream().map(e -> RunRecord.fromJson(e.value()))
                .filter(r -> r.state() == RunState.WAITING_APPROVAL).toList();
    }

    public Optional<RunRecord> run(String runId) {
        return store.get(keys.run(runId)).map(v -> RunRecord.fromJson(v.value()));
    }

    /**
     * The policy word that gates step {@code step}, from the run's kept plan ({@code steps[].approval} of its JSON
     * form); empty when the plan is missing or unreadable: the approval itself does not depend on it.
     */
    private String gate(String runId, int step) {
        return store.get(keys.runPlan(runId)).map(v -> {
            try {
                for (JsonNode s : JSON.readTree(v.value()).path("steps")) {
                    if (s.path("index").asInt() == step) {
                        return s.path("approval").asText("");
                    }
                }
                return "";
            } catch (IOException unreadable) {
                return "";
            }
        }).orElse("");
    }

    /** The step a waiting run stopped before: the first one not done. */
    public static Optional<Integer> waitingStep(RunRecord run) {
        if (run.state() != RunState.WAITING_APPROVAL) {
            return Optional.empty();
        }
        for (int i = 1; i <= run.stepsTotal(); i++) {
            if (!run.isDone(i)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
