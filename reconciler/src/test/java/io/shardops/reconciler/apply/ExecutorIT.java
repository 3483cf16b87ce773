package io.shardops.reconciler.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.plan.Step;
import io.shardops.planner.plan.StepKind;
import io.shardops.planner.render.PlanJson;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.RunState;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.TabletControl;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.etcd.TestEtcd;
import io.shardops.reconciler.apply.steps.tablets.FakeTablets;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.LockHolder;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.reconciler.topo.TopoLock;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The apply executor against a real etcd, with production's step dispatch and fake tablet managers at the edge
 * (no provisioner: tablet steps have no handler, as with apply --etcd).
 */
class ExecutorIT {
    private static TestEtcd etcd;
    private static EtcdTopoStore store;
    private final StringWriter progress = new StringWriter();
    private final FakeTablets tablets = new FakeTablets();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = TestEtcd.start("shardops-executor-it");
        store = etcd.store();
    }

    @AfterAll
    static void stopEtcd() {
        TestEtcd.stop(etcd);
    }

    private Executor executor(boolean autoApprove, Set<String> approved) {
        return new Executor(store, new StepDispatch(StepDispatch.DataPlane.withoutProvisioner(tablets, line -> progress.write(line + "\n"))),
                Executor.Options.DEFAULT.approving(autoApprove, approved).withCells(List.of("zone1")), clock, new PrintWriter(progress));
    }

    private static Plan plan(String cluster, Action... actions) {
        List<Step> steps = new ArrayList<>();
        for (Action a : actions) {
            boolean destroy = a.kind() == StepKind.DELETE_KEYSPACE || a.kind() == StepKind.DELETE_SHARD;
            boolean primary = a instanceof Action.SwitchTraffic s && s.tabletTypes().contains(TabletType.PRIMARY);
            ApprovalClass gate = destroy ? ApprovalClass.DESTROY : primary ? ApprovalClass.SWITCH_PRIMARY : ApprovalClass.NONE;
            steps.add(new Step(steps.size() + 1, a, List.of(), destroy, gate, gate != ApprovalClass.NONE, a.kind().word() + " " + a.target()));
        }
        return new Plan(PlanSource.ofTopology(0, Map.of()), new PlanTarget(cluster, "spec.yaml", "hash-" + cluster, "c0ffee"), List.of(), steps);
    }

    private static Topology read(String cluster) {
        return new EtcdTopologySource(store).read(cluster);
    }

    @Test
    void createsAKeyspaceWithShardsAndVSchemaAndRecordsTheRun() {
        VSchema vschema = new VSchema(true, Map.of("hash", new VSchema.Vindex("hash", Map.of())),
                Map.of("customer", new VSchema.Table("", List.of(new VSchema.ColumnVindex("customer_id", "hash")), null)));
        Plan p = plan("c1",
                new Action.CreateKeyspace("customer", List.of()),
                new Action.CreateShard("customer", "80-", "80-", true),
                new Action.CreateShard("customer", "-80", "-80", true),
                new Action.ApplyVSchema("customer", vschema));

        RunOutcome outcome = executor(false, Set.of()).run(p);

        assertEquals(new RunOutcome.Applied(Executor.runId(p), 4, 4), outcome);
        Topology t = read("c1");
        assertEquals(List.of("-80", "80-"), t.shardsOf("customer").stream().map(ShardRecord::name).toList());
        assertEquals(KeyRange.parse("-80").orElseThrow(), t.shard("customer", "-80").orElseThrow().keyRange());
        SrvKeyspace srv = t.srvKeyspaces().get("zone1/customer");
        for (TabletType type : TabletType.values()) {
            assertEquals(List.of("-80", "80-"), srv.partition(type).orElseThrow().shards(), type.word());
        }
        assertEquals(vschema, t.vschemas().get("customer"));
        assertEquals("c0ffee", t.reconciler().appliedCommit());
        RunRecord run = executor(false, Set.of()).existingRun(p).orElseThrow();
        assertEquals(RunState.DONE, run.state());
        assertEquals(List.of(1, 2, 3, 4), run.stepsDone());
        assertTrue(progress.toString().contains("[2/4] create-shard customer/80-"), progress.toString());

        long revision = store.revision();
        assertEquals(new RunOutcome.Applied(Executor.runId(p), 0, 4), executor(false, Set.of()).run(p));
        assertEquals(revision, store.revision(), "a finished run writes nothing when run again");
    }

    @Test
    void stopsBeforeAGatedStepAndResumesOnceApproved() {
        Plan p = plan("c2",
                new Action.CreateKeyspace("old", List.of()),
                new Action.DeleteKeyspace("old"),
                new Action.CreateKeyspace("new", List.of()));

        RunOutcome first = executor(false, Set.of()).run(p);
        RunOutcome.WaitingForApproval waiting = assertInstanceOf(RunOutcome.WaitingForApproval.class, first);
        assertEquals(2, waiting.step().index());
        assertTrue(read("c2").keyspace("old").isPresent(), "nothing past the gate ran");
        assertEquals(RunState.WAITING_APPROVAL, executor(false, Set.of()).existingRun(p).orElseThrow().state());

        RunOutcome second = executor(false, Set.of("destroy")).run(p);
        assertEquals(new RunOutcome.Applied(Executor.runId(p), 2, 3), second);
        assertTrue(progress.toString().contains("Resuming run " + Executor.runId(p) + ": 1 of 3 steps already done."), progress.toString());
        Topology t = read("c2");
        assertTrue(t.keyspace("old").isEmpty());
        assertTrue(t.keyspace("new").isPresent());
    }

    @Test
    void anApprovalRecordedInEtcdLetsTheWaitingStepRunAndNoOther() {
        Plan p = plan("c2a",
                new Action.CreateKeyspace("old", List.of()),
                new Action.DeleteKeyspace("old"),
                new Action.CreateKeyspace("mid", List.of()),
                new Action.DeleteKeyspace("mid"));
        String id = Executor.runId(p);
        Approvals approvals = new Approvals(store, "c2a");
        assertThrows(Approvals.Refused.class, () -> approvals.approve(id, 2, "ann", clock.instant()), "no run yet");

        assertEquals(2, assertInstanceOf(RunOutcome.WaitingForApproval.class, executor(false, Set.of()).run(p)).step().index());
        assertEquals(List.of(id), approvals.waiting().stream().map(RunRecord::id).toList());
        Approvals.Refused later = assertThrows(Approvals.Refused.class, () -> approvals.approve(id, 4, "ann", clock.instant()));
        assertTrue(later.getMessage().contains("waits for approval of step 2"), later.getMessage());

        Approval a = approvals.approve(id, 2, "ann", clock.instant());
        assertEquals(new Approval(id, 2, "destroy", "ann", "2026-11-25T12:00:00Z"), a);
        assertTrue(new Approvals(store, "other").waiting().isEmpty(), "approvals belong to one cluster");

        RunOutcome.WaitingForApproval next = assertInstanceOf(RunOutcome.WaitingForApproval.class, executor(false, Set.of()).run(p));
        assertEquals(4, next.step().index(), "the approval let step 2 through and only step 2");
        Topology t = read("c2a");
        assertTrue(t.keyspace("old").isEmpty());
        assertTrue(t.keyspace("mid").isPresent());
        assertEquals(List.of(a), approvals.of(id));
        String planJson = store.get(new TopologyKeys("c2a").runPlan(id)).orElseThrow().value();
        assertEquals(PlanJson.write(p), planJson, "the run's plan is kept for its readers");
    }

    @Test
    void aFailedStepStopsTheRunAndTheRunResumesThereOnceFixed() {
        TopologyWriter w = new TopologyWriter(store, "c3");
        w.createCell("zone1");
        w.createKeyspace(KeyspaceRecord.servingItself("commerce"));
        w.createShard(new ShardRecord("commerce", "0", KeyRange.FULL, "zone1-0000000100", true, List.of(), List.of()));
        Plan p = plan("c3",
                new Action.CreateKeyspace("customer", List.of(new ServedFrom(TabletType.RDONLY, "commerce"),
                        new ServedFrom(TabletType.REPLICA, "commerce"), new ServedFrom(TabletType.PRIMARY, "commerce"))),
                new Action.CreateShard("customer", "0", "0", true),
                new Action.SwitchTraffic("customer-vsplit", List.of(TabletType.RDONLY, TabletType.REPLICA)));

        RunOutcome.Failed failed = assertInstanceOf(RunOutcome.Failed.class, executor(false, Set.of()).run(p));
        assertEquals(3, failed.step().index());
        assertTrue(failed.reason().contains("workflow customer-vsplit does not exist"), failed.reason());
        assertEquals(List.of(1, 2), executor(false, Set.of()).existingRun(p).orElseThrow().stepsDone());

        // what start-copy will write once the data plane runs it
        w.putWorkflow(new WorkflowRecord("customer-vsplit", WorkflowKind.MOVE_TABLES, "commerce", List.of("0"), "customer", List.of("0"),
                List.of("customer", "corder"), WorkflowStage.RUNNING, List.of(), List.of()));
        assertEquals(new RunOutcome.Applied(Executor.runId(p), 1, 3), executor(false, Set.of()).run(p));

        Topology t = read("c3");
        assertEquals(List.of(new ServedFrom(TabletType.PRIMARY, "commerce")), t.keyspace("customer").orElseThrow().servedFrom());
        SrvKeyspace srv = t.srvKeyspaces().get("zone1/customer");
        assertEquals(List.of("0"), srv.partition(TabletType.RDONLY).orElseThrow().shards());
        assertEquals(List.of("0"), srv.partition(TabletType.REPLICA).orElseThrow().shards());
        assertTrue(srv.partition(TabletType.PRIMARY).isEmpty(), "primary still served from commerce");
        assertEquals(List.of(new TabletControl(TabletType.RDONLY, List.of("customer", "corder")),
                        new TabletControl(TabletType.REPLICA, List.of("customer", "corder"))),
                t.shard("commerce", "0").orElseThrow().tabletControls());
        assertEquals(List.of(TabletType.RDONLY, TabletType.REPLICA), t.workflow("customer-vsplit").orElseThrow().switchedTabletTypes());
    }

    @Test
    void anotherApplyHoldingTheLockIsNamed() {
        TopologyWriter w = new TopologyWriter(store, "c4");
        LockHolder other = new LockHolder("carol@ci (pid 7)", Instant.parse("2026-11-25T11:00:00Z"), "run-other", "shardops apply");
        try (TopoLock held = store.lock(w.keys().lock(), other, Duration.ofSeconds(10), Duration.ZERO)) {
            TopoException e = assertThrows(TopoException.class,
                    () -> executor(false, Set.of()).run(plan("c4", new Action.CreateKeyspace("x", List.of()))));
            assertEquals(TopoException.Kind.LOCK_HELD, e.kind());
            assertTrue(e.getMessage().contains("carol@ci (pid 7)"), e.getMessage());
        }
        assertTrue(read("c4").keyspace("x").isEmpty());
    }

    @Test
    void aPlanWithStepsThisBuildCannotRunChangesNothing() {
        Plan p = plan("c5", new Action.CreateKeyspace("x", List.of()), new Action.StartTablets("x", "0", 2, 1), new Action.InitPrimary("x", "0"));
        RunOutcome.Unsupported u = assertInstanceOf(RunOutcome.Unsupported.class, executor(false, Set.of()).run(p));
        assertEquals(Map.of(StepKind.START_TABLETS, List.of(2), StepKind.INIT_PRIMARY, List.of(3)), u.missing());
        assertTrue(read("c5").isEmpty());
    }

    @Test
    void aReshardMovesServingShardsTypeByTypeThenTheOldShardGoes() {
        TopologyWriter w = new TopologyWriter(store, "c6");
        w.createCell("zone1");
        w.createKeyspace(KeyspaceRecord.servingItself("customer"));
        Plan setup = plan("c6", new Action.CreateShard("customer", "0", "0", true),
                new Action.CreateShard("customer", "-80", "-80", false), new Action.CreateShard("customer", "80-", "80-", false));
        assertEquals(new RunOutcome.Applied(Executor.runId(setup), 3, 3), executor(false, Set.of()).run(setup));
        for (TabletType type : TabletType.values()) {
            assertEquals(List.of("0"), read("c6").srvKeyspaces().get("zone1/customer").partition(type).orElseThrow().shards());
        }
        w.putWorkflow(new WorkflowRecord("customer-reshard", WorkflowKind.RESHARD, "customer", List.of("0"), "customer", List.of("-80", "80-"),
                List.of(), WorkflowStage.VERIFIED, List.of(), List.of()));
        primary(w, "customer", "0", 100);
        primary(w, "customer", "-80", 200);
        primary(w, "customer", "80-", 300);

        Plan p = plan("c6",
                new Action.SwitchTraffic("customer-reshard", List.of(TabletType.RDONLY)),
                new Action.SwitchTraffic("customer-reshard", List.of(TabletType.REPLICA)),
                new Action.SwitchTraffic("customer-reshard", List.of(TabletType.PRIMARY)),
                new Action.CompleteMigration("customer-reshard"));
        RunOutcome.WaitingForApproval gate = assertInstanceOf(RunOutcome.WaitingForApproval.class, executor(false, Set.of()).run(p));
        assertEquals(3, gate.step().index());
        SrvKeyspace midway = read("c6").srvKeyspaces().get("zone1/customer");
        assertEquals(List.of("-80", "80-"), midway.partition(TabletType.RDONLY).orElseThrow().shards());
        assertEquals(List.of("-80", "80-"), midway.partition(TabletType.REPLICA).orElseThrow().shards());
        assertEquals(List.of("0"), midway.partition(TabletType.PRIMARY).orElseThrow().shards());

        assertEquals(new RunOutcome.Applied(Executor.runId(p), 2, 4), executor(true, Set.of()).run(p));
        w.deleteTablet("zone1", "zone1-0000000100");  // what the stop-tablets step of a real plan does
        Plan delete = plan("c6", new Action.DeleteShard("customer", "0"));
        assertEquals(new RunOutcome.Applied(Executor.runId(delete), 1, 1), executor(true, Set.of()).run(delete));
        Topology t = read("c6");
        for (TabletType type : TabletType.values()) {
            assertEquals(List.of("-80", "80-"), t.srvKeyspaces().get("zone1/customer").partition(type).orElseThrow().shards(), type.word());
        }
        assertTrue(t.shard("customer", "0").isEmpty());
        assertTrue(t.shard("customer", "-80").orElseThrow().primaryServing());
        assertEquals(WorkflowStage.COMPLETED, t.workflow("customer-reshard").orElseThrow().stage());
        assertEquals(List.of(TabletType.RDONLY, TabletType.REPLICA, TabletType.PRIMARY),
                t.workflow("customer-reshard").orElseThrow().switchedTabletTypes());
        assertEquals(List.of("zone1-0000000100 setServing [false]", "zone1-0000000100 endOpenWriteTransactions"),
                tablets.calls("zone1-0000000100").subList(0, 2), "the primary switch stopped the source's writes first: " + tablets.calls());
        assertEquals(List.of("zone1-0000000200 deleteStream [customer-reshard.0]"), tablets.calls("zone1-0000000200 deleteStream"),
                "complete-migration forgot the forward stream: " + tablets.calls());
    }

    /** A running primary tablet of a shard, as init-primary leaves it. */
    private static void primary(TopologyWriter w, String keyspace, String shard, int uid) {
        String alias = String.format("zone1-%010d", uid);
        w.putTablet(new TabletRecord(alias, "zone1", uid, keyspace, shard, TabletType.PRIMARY,
                "127.0.0.1", 1, 0, 2, TabletState.SERVING));
        w.updateShard(keyspace, shard, s -> s.withPrimary(alias));
    }

    @Test
    void aShardWithTabletsIsNotDeleted() {
        TopologyWriter w = new TopologyWriter(store, "c7");
        w.createShard(new ShardRecord("ks", "0", KeyRange.FULL, null, true, List.of(), List.of()));
        w.putTablet(new TabletRecord("zone1-0000000100", "zone1", 100, "ks", "0", TabletType.PRIMARY,
                "127.0.0.1", 1, 0, 2, TabletState.SERVING));
        RunOutcome.Failed f = assertInstanceOf(RunOutcome.Failed.class,
                executor(true, Set.of()).run(plan("c7", new Action.DeleteShard("ks", "0"))));
        assertTrue(f.reason().contains("still has tablets [zone1-0000000100]"), f.reason());
        assertTrue(read("c7").shard("ks", "0").isPresent());
    }

    @Test
    void reversingAVerticalSplitRestoresTheRoutingOfBeforeTheSwitch() {
        TopologyWriter w = new TopologyWriter(store, "c8");
        w.createCell("zone1");
        w.createKeyspace(KeyspaceRecord.servingItself("commerce"));
        w.createShard(new ShardRecord("commerce", "0", KeyRange.FULL, "zone1-0000000100", true, List.of(), List.of()));
        List<ServedFrom> all = List.of(new ServedFrom(TabletType.RDONLY, "commerce"),
                new ServedFrom(TabletType.REPLICA, "commerce"), new ServedFrom(TabletType.PRIMARY, "commerce"));
        Plan setup = plan("c8", new Action.CreateKeyspace("customer", all), new Action.CreateShard("customer", "0", "0", true));
        executor(false, Set.of()).run(setup);
        Topology before = read("c8");
        w.putWorkflow(new WorkflowRecord("vsplit", WorkflowKind.MOVE_TABLES, "commerce", List.of("0"), "customer", List.of("0"),
                List.of("customer", "corder"), WorkflowStage.RUNNING, List.of(), List.of()));

        Plan p = plan("c8", new Action.SwitchTraffic("vsplit", List.of(TabletType.RDONLY, TabletType.REPLICA)),
                new Action.ReverseTraffic("vsplit", List.of(TabletType.RDONLY, TabletType.REPLICA)));
        assertEquals(new RunOutcome.Applied(Executor.runId(p), 2, 2), executor(false, Set.of()).run(p));

        Topology after = read("c8");
        assertEquals(before.keyspace("customer"), after.keyspace("customer"));
        assertEquals(before.srvKeyspaces().get("zone1/customer"), after.srvKeyspaces().get("zone1/customer"));
        assertEquals(List.of(), after.shard("commerce", "0").orElseThrow().tabletControls());
        assertEquals(List.of(), after.workflow("vsplit").orElseThrow().switchedTabletTypes());
    }
}
