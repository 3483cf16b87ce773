package io.shardops.reconciler.gitops.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.RunState;
import io.shardops.reconciler.apply.Approval;
import io.shardops.reconciler.apply.RunRecord;
import io.shardops.reconciler.failover.FailoverEvent;
import io.shardops.reconciler.failover.ShardFailovers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleSnapshotTest {
    private static final Instant NOW = Instant.parse("2026-12-02T05:02:00Z");

    private static JsonObject snapshot(List<RunRecord> runs, Map<String, List<Approval>> approvals, boolean approvalsEnabled) {
        ConsoleInputs in = new ConsoleInputs(Optional.of(MoveFixture.CLUSTER), MoveFixture.topology(MoveFixture.workflow(1200, 800)),
                runs, Map.of(MoveFixture.RUN, MoveFixture.plan()), approvals,
                new JsonObject().put("outcome", "applied"), Map.of("zone1-0000000101", 3L), Optional.empty(), NOW);
        return ConsoleSnapshot.build(in, approvalsEnabled);
    }

    private static List<String> states(JsonObject run) {
        return run.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("state")).toList();
    }

    @Test
    void runningRunShowsDoneStepsTheRunningStepAndPendingOnes() {
        JsonObject run = snapshot(List.of(MoveFixture.runCopying()), Map.of(), false).getJsonObject("currentRun");
        assertEquals(MoveFixture.RUN, run.getString("id"));
        assertEquals(List.of("done", "done", "running", "pending", "pending"), states(run));
        JsonObject copy = run.getJsonArray("steps").getJsonObject(2);
        assertEquals("start-copy", copy.getString("kind"));
        assertEquals(MoveFixture.WORKFLOW, copy.getString("workflow"));
    }

    @Test
    void waitingRunIsListedAsAPendingApprovalOfItsGatedStep() {
        JsonObject s = snapshot(List.of(MoveFixture.runWaitingAtSwitch()), Map.of(), true);
        assertEquals(List.of("done", "done", "done", "done", "waiting-approval"), states(s.getJsonObject("currentRun")));
        JsonArray pending = s.getJsonArray("pendingApprovals");
        assertEquals(1, pending.size());
        assertEquals(MoveFixture.RUN, pending.getJsonObject(0).getString("runId"));
        assertEquals(MoveFixture.SWITCH_STEP, pending.getJsonObject(0).getInteger("index"));
        assertEquals("switch-traffic", pending.getJsonObject(0).getString("kind"));
        assertNull(pending.getJsonObject(0).getString("approvedBy"));
        assertTrue(s.getJsonObject("approvals").getBoolean("enabled"));
    }

    @Test
    void anApprovalGivenShowsWhoApprovedUntilTheRunGoesOn() {
        Approval a = new Approval(MoveFixture.RUN, MoveFixture.SWITCH_STEP, "switch-primary", "console", NOW.toString());
        JsonObject s = snapshot(List.of(MoveFixture.runWaitingAtSwitch()), Map.of(MoveFixture.RUN, List.of(a)), true);
        assertEquals("console", s.getJsonArray("pendingApprovals").getJsonObject(0).getString("approvedBy"));
    }

    @Test
    void failedRunMarksTheStepItStoppedAt() {
        RunRecord failed = MoveFixture.runCopying().stopped(RunState.FAILED, "diff found 1 extra row", NOW.toString());
        assertEquals(List.of("done", "done", "failed", "pending", "pending"), states(snapshot(List.of(failed), Map.of(), false).getJsonArray("runs").getJsonObject(0)));
        RunRecord lostLock = new RunRecord(MoveFixture.RUN, MoveFixture.CLUSTER, "h", "c", 5, List.of(1, 2), 0, RunState.FAILED, "lost the apply lock", NOW.toString());
        assertEquals(StepState.FAILED, ConsoleSnapshot.stepState(lostLock, 3));
        assertEquals(StepState.PENDING, ConsoleSnapshot.stepState(lostLock, 4));
    }

    @Test
    void historyIsNewestFirstAndAFinishedRunIsNotCurrent() {
        RunRecord older = MoveFixture.runDone();
        RunRecord copying = MoveFixture.runCopying(); // 05:00:00.250Z: a fraction must not sort it before 05:00:00Z strings
        RunRecord newestDone = new RunRecord("run-0000000000000002", MoveFixture.CLUSTER, "h", "c", 1, List.of(1), 0, RunState.DONE, "",
                "2026-12-02T05:00:00Z");
        JsonObject s = snapshot(List.of(older, newestDone, copying), Map.of(), false);
        List<String> ids = s.getJsonArray("runs").stream().map(r -> ((JsonObject) r).getString("id")).toList();
        assertEquals(List.of(MoveFixture.RUN, "run-0000000000000002", "run-0000000000000001"), ids);
        assertEquals(MoveFixture.RUN, s.getJsonObject("currentRun").getString("id"));
        assertNull(snapshot(List.of(older), Map.of(), false).getJsonObject("currentRun"));
    }

    @Test
    void aRunWithoutItsPlanStillShowsNumberedSteps() {
        JsonObject run = snapshot(List.of(MoveFixture.runDone()), Map.of(), false).getJsonArray("runs").getJsonObject(0);
        assertFalse(run.getBoolean("planKnown"));
        assertEquals(List.of("done", "done"), states(run));
    }

    @Test
    void shardsComeInKeyRangeOrderWithTheirTabletsPrimaryFirst() {
        JsonObject s = snapshot(List.of(), Map.of(), false);
        JsonArray keyspaces = s.getJsonArray("keyspaces");
        assertEquals(List.of("commerce", "customer"), keyspaces.stream().map(k -> ((JsonObject) k).getString("name")).toList());
        JsonArray customer = keyspaces.getJsonObject(1).getJsonArray("shards");
        // the planner's order: by start, the open end of 0 after -80
        assertEquals(List.of("-80", "0", "80-"), customer.stream().map(x -> ((JsonObject) x).getString("name")).toList());
        JsonObject low = customer.getJsonObject(0);
        assertFalse(low.getBoolean("serving"));
        assertEquals(List.of("customer/0"), low.getJsonArray("sourceShards").getList());
        JsonArray commerceTablets = keyspaces.getJsonObject(0).getJsonArray("shards").getJsonObject(0).getJsonArray("tablets");
        assertEquals("zone1-0000000100", commerceTablets.getJsonObject(0).getString("alias"));
        assertEquals("primary", commerceTablets.getJsonObject(0).getString("type"));
        assertEquals("serving", commerceTablets.getJsonObject(0).getString("state"));
        assertNull(commerceTablets.getJsonObject(0).getLong("replicationLagSeconds"));
        assertEquals(3L, commerceTablets.getJsonObject(1).getLong("replicationLagSeconds"));
    }

    @Test
    void workflowCarriesItsRecordAndTheRowsCopiedOverAllStreams() {
        JsonObject w = snapshot(List.of(), Map.of(), false).getJsonArray("workflows").getJsonObject(0);
        assertEquals(MoveFixture.WORKFLOW, w.getString("name"));
        assertEquals("Reshard", w.getString("kind"));
        assertEquals("copying", w.getString("stage"));
        assertEquals(2000L, w.getLong("rowsCopied"));
        assertEquals(1200L, w.getJsonArray("streams").getJsonObject(0).getLong("rowsCopied"));
    }

    @Test
    void withoutATokenTheSnapshotSaysHowToEnableApprovals() {
        JsonObject approvals = snapshot(List.of(), Map.of(), false).getJsonObject("approvals");
        assertFalse(approvals.getBoolean("enabled"));
        assertTrue(approvals.getString("howToEnable").contains("--console-token-file"), approvals.encode());
    }

    @Test
    void withoutEtcdOnlyTheWatcherAndTheReasonShow() {
        JsonObject s = ConsoleSnapshot.build(ConsoleInputs.without("no etcd: start shardops watch with --etcd", new JsonObject().put("outcome", "invalid"), NOW), false);
        assertEquals("no etcd: start shardops watch with --etcd", s.getString("problem"));
        assertTrue(s.getJsonArray("keyspaces").isEmpty());
        assertEquals("invalid", s.getJsonObject("watch").getString("outcome"));
    }

    @Test
    void aShardsFailoversAndTheFormerPrimaryKeptOutAreShownWithTheShard() {
        FailoverEvent e = new FailoverEvent("2026-12-02T05:01:00Z", "emergency", "its mysqld is crashed", "zone1-0000000100",
                "zone1-0000000101", 1, Map.of(), 1187);
        ConsoleInputs in = new ConsoleInputs(Optional.of(MoveFixture.CLUSTER), MoveFixture.topology(MoveFixture.workflow(1200, 800)),
                List.of(), Map.of(), Map.of(), new JsonObject(), Map.of(), Optional.empty(), NOW,
                Map.of("commerce/0", new ShardFailovers("commerce/0", "semi-sync", 1, List.of(e), List.of("zone1-0000000100"))));
        JsonArray keyspaces = ConsoleSnapshot.build(in, false).getJsonArray("keyspaces");
        JsonObject commerce0 = keyspaces.stream().map(JsonObject.class::cast).filter(k -> k.getString("name").equals("commerce")).findFirst()
                .orElseThrow().getJsonArray("shards").getJsonObject(0);
        JsonObject f = commerce0.getJsonObject("failovers");
        assertEquals("semi-sync", f.getString("durability"));
        assertEquals(1L, f.getLong("term"));
        assertEquals("emergency", f.getJsonArray("recent").getJsonObject(0).getString("kind"));
        assertEquals(List.of("zone1-0000000100"), f.getJsonArray("needsRebuild").getList());
        JsonObject customer0 = keyspaces.stream().map(JsonObject.class::cast).filter(k -> k.getString("name").equals("customer")).findFirst()
                .orElseThrow().getJsonArray("shards").getJsonObject(0);
        assertNull(customer0.getValue("failovers"), "a shard with no policy, term or failover shows none");
    }
}
