package io.shardops.reconciler.gitops.console;

import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.RunState;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.reconciler.apply.Approval;
import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.apply.RunRecord;
import io.shardops.reconciler.failover.ShardFailovers;
import io.shardops.reconciler.apply.steps.schemachange.SchemaChangeView;
import io.shardops.reconciler.topo.TopologyJson;
import io.shardops.spec.TabletType;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON the console page shows (GET /api/console, and each server-sent event): keyspaces with their
 * shards and tablets, workflows with their progress, the current run step by step, the history of runs,
 * the approvals pending and the watcher's last outcome. Pure: built from {@link ConsoleInputs} alone.
 */
public final class ConsoleSnapshot {
    static final String HOW_TO_ENABLE_APPROVALS = "read-only: start shardops watch with --console-token-file FILE to approve"
            + " from the console, or run shardops approve RUN STEP";

    private static final Comparator<TabletRecord> PRIMARY_FIRST =
            Comparator.comparing((TabletRecord tab) -> tab.type() != TabletType.PRIMARY).thenComparing(TabletRecord::alias, Comparator.naturalOrder());

    private ConsoleSnapshot() {}

    public static JsonObject build(ConsoleInputs in, boolean approvalsEnabled) {
        Topology t = in.topology();
        List<RunRecord> newestFirst = in.runs().stream().sorted(Comparator.comparing(ConsoleSnapshot::updatedAt).reversed()).toList();
        JsonArray runs = new JsonArray();
        newestFirst.forEach(r -> runs.add(run(r, in.plans().containsKey(r.id()), steps(r, in.plans().get(r.id())), in.approvals().getOrDefault(r.id(), List.of()))));
        Optional<JsonObject> current = runs.stream().map(JsonObject.class::cast)
                .filter(r -> RunState.RUNNING.word().equals(r.getString("state")) || RunState.WAITING_APPROVAL.word().equals(r.getString("state")))
                .findFirst();
        JsonArray pending = pendingApprovals(runs);
        return new JsonObject()
                .put("cluster", in.cluster().orElse(null))
                .put("revision", t.revision())
                .put("readAt", in.readAt().toString())
                .put("problem", in.problem().orElse(null))
                .put("keyspaces", keyspaces(t, in.lagSeconds(), in.failovers()))
                .put("workflows", new JsonArray(t.workflows().values().stream()
                        .sorted(Comparator.comparing(WorkflowRecord::name)).map(ConsoleSnapshot::workflow).toList()))
                .put("currentRun", current.orElse(null))
                .put("runs", runs)
                .put("schemaChanges", schemaChanges(t, pending))
                .put("pendingApprovals", pending)
                .put("watch", in.watch())
                .put("approvals", new JsonObject().put("enabled", approvalsEnabled)
                        .put("howToEnable", approvalsEnabled ? null : HOW_TO_ENABLE_APPROVALS));
    }

    /**
     * A workflow as its topology record stores it, so progress fields added to the record show up
     * without changing the console, plus the rows copied over all its streams.
     */
    static JsonObject workflow(WorkflowRecord w) {
        return new JsonObject(TopologyJson.WORKFLOW.encode(w)).put("rowsCopied", w.rowsCopied());
    }

    /**
     * Each table's latest schema change with its progress; a postponed cut-over waiting for approval carries that
     * approval ({@code cutoverApproval}: run and step), which the page approves as any other pending approval.
     */
    static JsonArray schemaChanges(Topology t, JsonArray pending) {
        JsonArray out = new JsonArray();
        for (SchemaChangeView v : SchemaChangeView.of(t)) {
            JsonObject c = JsonObject.mapFrom(v).put("running", v.running());
            for (Object o : pending) {
                JsonObject a = (JsonObject) o;
                if ("schema-cutover".equals(a.getString("kind")) && (v.keyspace() + "." + v.table()).equals(a.getString("target"))) {
                    c.put("cutoverApproval", new JsonObject().put("runId", a.getString("runId")).put("step", a.getInteger("index"))
                            .put("approvedBy", a.getString("approvedBy")));
                }
            }
            out.add(c);
        }
        return out;
    }

    /** What a step of {@code run} is doing now. */
    static StepState stepState(RunRecord run, int index) {
        if (run.isDone(index)) {
            return StepState.DONE;
        }
        return switch (run.state()) {
            case RUNNING -> run.current() == index ? StepState.RUNNING : StepState.PENDING;
            case WAITING_APPROVAL -> Approvals.waitingStep(run).orElse(-1) == index ? StepState.WAITING_APPROVAL : StepState.PENDING;
            case FAILED -> failedStep(run) == index ? StepState.FAILED : StepState.PENDING;
            case DONE -> StepState.PENDING;
        };
    }

    /** The step a failed run stopped at: the one it had started, else (lost lock before starting) the first not done. */
    private static int failedStep(RunRecord run) {
        if (run.current() != 0) {
            return run.current();
        }
        for (int i = 1; i <= run.stepsTotal(); i++) {
            if (!run.isDone(i)) {
                return i;
            }
        }
        return -1;
    }

    /** A shard's durability, term, last failovers and former primaries kept out; null when it has none of these. */
    static JsonObject failovers(ShardFailovers f) {
        if (f == null) {
            return null;
        }
        JsonArray recent = new JsonArray();
        f.recent().forEach(e -> recent.add(new JsonObject().put("at", e.at()).put("kind", e.kind()).put("reason", e.reason())
                .put("oldPrimary", e.oldPrimary()).put("newPrimary", e.newPrimary()).put("term", e.term()).put("millis", e.millis())
                .put("line", e.line())));
        return new JsonObject().put("durability", f.durability()).put("term", f.term()).put("recent", recent)
                .put("needsRebuild", new JsonArray(f.needsRebuild()));
    }

    private static JsonArray keyspaces(Topology t, Map<String, Long> lagSeconds, Map<String, ShardFailovers> failovers) {
        JsonArray out = new JsonArray();
        t.keyspaces().values().stream().sorted(Comparator.comparing(KeyspaceRecord::name)).forEach(k -> {
            JsonArray shards = new JsonArray();
            for (ShardRecord s : t.shardsOf(k.name())) {
                shards.add(new JsonObject()
                        .put("name", s.name())
                        .put("keyRange", s.keyRange().name())
                        .put("primary", s.primaryAlias())
                        .put("serving", s.primaryServing())
                        .put("sourceShards", new JsonArray(s.sourceShards().stream().map(src -> src.keyspace() + "/" + src.shard()).toList()))
                        .put("tablets", tablets(t, s, lagSeconds))
                        .put("failovers", failovers(failovers.get(s.key()))));
            }
            out.add(new JsonObject()
                    .put("name", k.name())
                    .put("servedFrom", new JsonArray(k.servedFrom().stream()
                            .map(f -> new JsonObject().put("tabletType", f.tabletType().word()).put("keyspace", f.keyspace())).toList()))
                    .put("shards", shards));
        });
        return out;
    }

    private static JsonArray tablets(Topology t, ShardRecord shard, Map<String, Long> lagSeconds) {
        return new JsonArray(t.tablets().values().stream()
                .filter(tab -> tab.keyspace().equals(shard.keyspace()) && tab.shard().equals(shard.name()))
                .sorted(PRIMARY_FIRST)
                .map(tab -> new JsonObject()
                        .put("alias", tab.alias())
                        .put("cell", tab.cell())
                        .put("type", tab.type() == null ? null : tab.type().word())
                        .put("state", tab.state() == null ? null : tab.state().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .put("hostname", tab.hostname())
                        .put("mysqlPort", tab.mysqlPort())
                        .put("replicationLagSeconds", lagSeconds.get(tab.alias())))
                .toList());
    }

    private static JsonObject run(RunRecord r, boolean planKnown, JsonArray planSteps, List<Approval> approvals) {
        JsonArray steps = new JsonArray();
        for (int i = 0; i < planSteps.size(); i++) {
            JsonObject p = planSteps.getJsonObject(i);
            int index = p.getInteger("index", i + 1);
            JsonObject step = new JsonObject()
                    .put("index", index)
                    .put("kind", p.getString("kind", ""))
                    .put("target", p.getString("target", ""))
                    .put("description", p.getString("description", ""))
                    .put("destructive", p.getBoolean("destructive", false))
                    .put("gated", p.getBoolean("gated", false))
                    .put("approval", p.getString("approval", ""))
                    .put("workflow", p.getString("workflow"))
                    .put("state", stepState(r, index).word());
            approvals.stream().filter(a -> a.step() == index).findFirst()
                    .ifPresent(a -> step.put("approvedBy", a.by()).put("approvedAt", a.at()));
            steps.add(step);
        }
        return new JsonObject()
                .put("id", r.id())
                .put("commit", r.commit())
                .put("state", r.state().word())
                .put("message", r.message())
                .put("stepsTotal", r.stepsTotal())
                .put("stepsDone", r.stepsDone().size())
                .put("current", r.current())
                .put("updatedAt", r.updatedAt())
                .put("planKnown", planKnown)
                .put("steps", steps);
    }

    /**
     * The steps of a run's stored plan; when it is missing or unreadable (an older run, a newer format),
     * numbered steps without names, so the run's progress still shows.
     */
    private static JsonArray steps(RunRecord run, String planJson) {
        if (planJson != null) {
            try {
                JsonArray steps = new JsonObject(planJson).getJsonArray("steps", new JsonArray());
                if (!steps.isEmpty()) {
                    return steps;
                }
            } catch (DecodeException | ClassCastException unreadable) {
                // shown as numbered steps below
            }
        }
        JsonArray numbered = new JsonArray();
        for (int i = 1; i <= run.stepsTotal(); i++) {
            numbered.add(new JsonObject().put("index", i));
        }
        return numbered;
    }

    private static JsonArray pendingApprovals(JsonArray runs) {
        JsonArray out = new JsonArray();
        for (Object o : runs) {
            JsonObject run = (JsonObject) o;
            for (Object s : run.getJsonArray("steps")) {
                JsonObject step = (JsonObject) s;
                if (StepState.WAITING_APPROVAL.word().equals(step.getString("state"))) {
                    out.add(step.copy().put("runId", run.getString("id")).put("commit", run.getString("commit"))
                            .put("message", run.getString("message")));
                }
            }
        }
        return out;
    }

    private static Instant updatedAt(RunRecord r) {
        try {
            return Instant.parse(r.updatedAt());
        } catch (DateTimeParseException unreadable) {
            return Instant.EPOCH;
        }
    }
}
