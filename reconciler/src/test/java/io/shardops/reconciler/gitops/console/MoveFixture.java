package io.shardops.reconciler.gitops.console;

import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ReconcilerRecord;
import io.shardops.planner.topology.RunState;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.SourceShard;
import io.shardops.planner.topology.StreamRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.apply.RunRecord;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Reshard of {@code customer} from {@code 0} to {@code -80,80-} half-way through its copy, as the
 * topology and the apply executor record it: the records the console tests show.
 */
final class MoveFixture {
    static final String CLUSTER = "console";
    static final String RUN = "run-00c0ffee00c0ffee";
    static final String WORKFLOW = "customer-reshard";
    static final int COPY_STEP = 3;
    static final int SWITCH_STEP = 5;

    private MoveFixture() {}

    static List<KeyspaceRecord> keyspaces() {
        return List.of(KeyspaceRecord.servingItself("commerce"), KeyspaceRecord.servingItself("customer"));
    }

    static List<ShardRecord> shards() {
        SourceShard from0 = new SourceShard(0, "customer", "0", KeyRange.FULL, List.of());
        return List.of(
                new ShardRecord("commerce", "0", KeyRange.FULL, "zone1-0000000100", true, List.of(), List.of()),
                new ShardRecord("customer", "80-", range("80-"), "zone1-0000000400", false, List.of(), List.of(from0)),
                new ShardRecord("customer", "0", KeyRange.FULL, "zone1-0000000200", true, List.of(), List.of()),
                new ShardRecord("customer", "-80", range("-80"), "zone1-0000000300", false, List.of(), List.of(from0)));
    }

    static List<TabletRecord> tablets() {
        return List.of(
                tablet(101, "commerce", "0", TabletType.REPLICA),
                tablet(100, "commerce", "0", TabletType.PRIMARY),
                tablet(200, "customer", "0", TabletType.PRIMARY),
                tablet(300, "customer", "-80", TabletType.PRIMARY),
                tablet(400, "customer", "80-", TabletType.PRIMARY));
    }

    static WorkflowRecord workflow(long rowsToLow, long rowsToHigh) {
        return new WorkflowRecord(WORKFLOW, WorkflowKind.RESHARD, "customer", List.of("0"), "customer", List.of("-80", "80-"),
                List.of(), WorkflowStage.COPYING, List.of(), List.of(
                        new StreamRecord("0", "-80", "", rowsToLow, StreamRecord.State.COPYING),
                        new StreamRecord("0", "80-", "", rowsToHigh, StreamRecord.State.COPYING)));
    }

    /** The run at its copy step: steps 1 and 2 done, 3 running. */
    static RunRecord runCopying() {
        return new RunRecord(RUN, CLUSTER, "spec-hash", "c0ffee0123456789c0ffee0123456789c0ffee01", 5, List.of(1, 2), COPY_STEP,
                RunState.RUNNING, "copying rows into customer/-80, customer/80-", "2026-12-02T05:00:00.250Z");
    }

    /** The same run stopped before its gated primary switch. */
    static RunRecord runWaitingAtSwitch() {
        return new RunRecord(RUN, CLUSTER, "spec-hash", runCopying().commit(), 5, List.of(1, 2, 3, 4), 0, RunState.WAITING_APPROVAL,
                "step 5 (switch-traffic customer-reshard) needs approval: the policy gates switch-primary. Approve it with"
                        + " `shardops approve " + RUN + " 5` (or the console)", "2026-12-02T05:01:00Z");
    }

    /** An earlier run, finished. */
    static RunRecord runDone() {
        return new RunRecord("run-0000000000000001", CLUSTER, "old-hash", "1111111111111111111111111111111111111111", 2, List.of(1, 2), 0,
                RunState.DONE, "", "2026-12-01T23:59:59Z");
    }

    /** The plan of {@link #RUN} in the fields the console reads of the plan JSON. */
    static String plan() {
        JsonArray steps = new JsonArray()
                .add(step(1, "create-shard", "customer/-80", "create shard customer/-80 (not serving)", null, false))
                .add(step(2, "start-tablets", "customer/-80", "start 1 primary tablet for customer/-80", null, false))
                .add(step(COPY_STEP, "start-copy", WORKFLOW, "copy customer/0 into customer/-80, customer/80-", WORKFLOW, false))
                .add(step(4, "verify-diff", WORKFLOW, "compare source and target rows", WORKFLOW, false))
                .add(step(SWITCH_STEP, "switch-traffic", WORKFLOW, "switch primary traffic to customer/-80, customer/80-", WORKFLOW, true));
        return new JsonObject().put("formatVersion", 1).put("steps", steps).encodePrettily();
    }

    private static JsonObject step(int index, String kind, String target, String description, String workflow, boolean gated) {
        return new JsonObject().put("index", index).put("kind", kind).put("target", target).put("description", description)
                .put("destructive", false).put("approval", gated ? "switch-primary" : "none").put("gated", gated)
                .put("workflow", workflow);
    }

    static Topology topology(WorkflowRecord workflow) {
        Map<String, KeyspaceRecord> keyspaces = new LinkedHashMap<>();
        keyspaces().forEach(k -> keyspaces.put(k.name(), k));
        Map<String, ShardRecord> shards = new LinkedHashMap<>();
        shards().forEach(s -> shards.put(s.key(), s));
        Map<String, TabletRecord> tablets = new LinkedHashMap<>();
        tablets().forEach(t -> tablets.put(t.alias(), t));
        return new Topology(CLUSTER, 42, Map.of(), List.of("zone1"), keyspaces, shards, tablets, Map.of(), Map.of(), Map.of(),
                Map.of(workflow.name(), workflow), ReconcilerRecord.NONE);
    }

    /** Writes the topology, the workflow and {@code run} with its plan into {@code store}. */
    static void write(TopoStore store, WorkflowRecord workflow, RunRecord run) {
        TopologyWriter w = new TopologyWriter(store, CLUSTER);
        w.createCell("zone1");
        keyspaces().forEach(w::createKeyspace);
        shards().forEach(w::createShard);
        tablets().forEach(w::putTablet);
        w.putWorkflow(workflow);
        store.update(w.keys().runPlan(run.id()), old -> Optional.of(plan()));
        writeRun(store, run);
    }

    static void writeRun(TopoStore store, RunRecord run) {
        store.update(new TopologyWriter(store, CLUSTER).keys().run(run.id()), old -> Optional.of(run.toJson()));
    }

    static void writeWorkflow(TopoStore store, WorkflowRecord workflow) {
        new TopologyWriter(store, CLUSTER).putWorkflow(workflow);
    }

    private static TabletRecord tablet(int uid, String keyspace, String shard, TabletType type) {
        return new TabletRecord(TabletRecord.alias("zone1", uid), "zone1", uid, keyspace, shard, type, "127.0.0.1",
                15000 + uid, 0, 17000 + uid, TabletState.SERVING);
    }

    private static KeyRange range(String name) {
        return KeyRange.parse(name).orElseThrow();
    }
}
