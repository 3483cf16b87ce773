package io.shardops.reconciler.apply.steps.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletControl;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.FakeTablets;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The primary cut-over's decisions and the order of its tablet calls, against fake tablet managers. */
class PrimaryCutoverTest {
    private static final String SOURCE = "zone1-0000000100";
    private static final String LEFT = "zone1-0000000200";
    private static final String RIGHT = "zone1-0000000300";

    private final FakeTablets tablets = new FakeTablets();
    private final List<String> progress = new ArrayList<>();
    private final PrimaryCutover cutover = new PrimaryCutover(tablets, new MoveStreams(tablets, progress::add),
            new DeniedTables(tablets), progress::add);

    private static WorkflowRecord reshard(WorkflowStage stage, List<TabletType> switched) {
        return new WorkflowRecord("customer-reshard", WorkflowKind.RESHARD, "customer", List.of("0"), "customer", List.of("-80", "80-"),
                List.of(), stage, switched, List.of());
    }

    private static WorkflowRecord moveTables() {
        return new WorkflowRecord("vsplit", WorkflowKind.MOVE_TABLES, "commerce", List.of("0"), "customer", List.of("0"),
                List.of("customer", "corder"), WorkflowStage.VERIFIED, List.of(TabletType.RDONLY, TabletType.REPLICA), List.of());
    }

    @Test
    void rdonlyAndReplicaOnlyReroute() {
        assertInstanceOf(PrimaryCutover.Decision.RoutingOnly.class,
                PrimaryCutover.decide(reshard(WorkflowStage.RUNNING, List.of()), List.of(TabletType.RDONLY, TabletType.REPLICA)));
    }

    @Test
    void aPrimaryAlreadySwitchedOnlyReroutesWhenTheStepRunsAgain() {
        assertInstanceOf(PrimaryCutover.Decision.RoutingOnly.class,
                PrimaryCutover.decide(reshard(WorkflowStage.RUNNING, List.of(TabletType.PRIMARY)), List.of(TabletType.PRIMARY)));
    }

    @Test
    void thePrimaryDoesNotSwitchWhileTheCopyRuns() {
        PrimaryCutover.Decision d = PrimaryCutover.decide(reshard(WorkflowStage.COPYING, List.of()), List.of(TabletType.PRIMARY));
        PrimaryCutover.Decision.NotCopied refused = assertInstanceOf(PrimaryCutover.Decision.NotCopied.class, d);
        assertEquals("workflow customer-reshard is still copying; the primary switches only once the copy has finished", refused.reason());
    }

    @Test
    void aCopiedWorkflowCutsOverItsPrimary() {
        assertInstanceOf(PrimaryCutover.Decision.CutOver.class,
                PrimaryCutover.decide(reshard(WorkflowStage.RUNNING, List.of()), List.of(TabletType.PRIMARY)));
        assertInstanceOf(PrimaryCutover.Decision.CutOver.class,
                PrimaryCutover.decide(reshard(WorkflowStage.VERIFIED, List.of(TabletType.RDONLY)), List.of(TabletType.PRIMARY)));
    }

    @Test
    void theSourceStopsWritesBeforeItsPositionIsReadAndTheStreamsTurnAroundAfterTheTargetsCaughtUp() throws StepException {
        tablets.killing(2);
        cutover.holdWritesUntilTargetsCaughtUp(reshard(WorkflowStage.RUNNING, List.of()), reshardTopology(List.of()));

        assertEquals(List.of(
                SOURCE + " setServing [false]",
                SOURCE + " endOpenWriteTransactions",
                SOURCE + " replicationPosition",
                LEFT + " waitForStreamPosition [customer-reshard.0]",
                RIGHT + " waitForStreamPosition [customer-reshard.0]",
                LEFT + " stopStream [customer-reshard.0]",
                RIGHT + " stopStream [customer-reshard.0]",
                SOURCE + " startStream [customer-reshard.reverse.-80]",
                SOURCE + " startStream [customer-reshard.reverse.80-]"), tablets.calls());
        assertTrue(progress.stream().anyMatch(l -> l.contains("killed 2 transaction(s) still open on customer/0")), progress.toString());
    }

    @Test
    void aTargetThatDoesNotCatchUpRollsBackSoTheSourceServesAndItsStreamsResume() {
        tablets.failOn(RIGHT + " waitForStreamPosition");
        StepException e = assertThrows(StepException.class,
                () -> cutover.holdWritesUntilTargetsCaughtUp(reshard(WorkflowStage.RUNNING, List.of()), reshardTopology(List.of())));

        assertTrue(e.getMessage().startsWith("primary switch of customer-reshard rolled back, the source serves writes again:"), e.getMessage());
        List<String> calls = tablets.calls();
        List<String> after = calls.subList(calls.indexOf(RIGHT + " waitForStreamPosition [customer-reshard.0]") + 1, calls.size());
        assertEquals(List.of(
                SOURCE + " setServing [true]",
                LEFT + " startStream [customer-reshard.0]",
                RIGHT + " startStream [customer-reshard.0]"), after);
        assertTrue(tablets.calls(LEFT + " stopStream").isEmpty(), "no forward stream stopped: " + calls);
    }

    @Test
    void moveTablesDeniesTheMovedTablesOnTheSourceBesidesThoseItDeniedAlreadyAndRestoresThemOnRollback() {
        tablets.failOn(LEFT + " waitForStreamPosition");
        Topology t = topology(List.of(
                shard("commerce", "0", SOURCE, List.of(new TabletControl(TabletType.PRIMARY, List.of("audit")))),
                shard("customer", "0", LEFT, List.of())),
                List.of(tablet(SOURCE, "commerce", "0"), tablet(LEFT, "customer", "0")));

        assertThrows(StepException.class, () -> cutover.holdWritesUntilTargetsCaughtUp(moveTables(), t));

        assertEquals(List.of(SOURCE + " setDeniedTables [[audit, customer, corder]]", SOURCE + " setDeniedTables [[audit]]"),
                tablets.calls(SOURCE + " setDeniedTables"));
    }

    private static Topology reshardTopology(List<TabletControl> controls) {
        return topology(List.of(shard("customer", "0", SOURCE, controls), shard("customer", "-80", LEFT, List.of()),
                        shard("customer", "80-", RIGHT, List.of())),
                List.of(tablet(SOURCE, "customer", "0"), tablet(LEFT, "customer", "-80"), tablet(RIGHT, "customer", "80-")));
    }

    private static ShardRecord shard(String keyspace, String name, String primary, List<TabletControl> controls) {
        return new ShardRecord(keyspace, name, KeyRange.parse(name).orElseThrow(), primary, true, controls, List.of());
    }

    private static TabletRecord tablet(String alias, String keyspace, String shard) {
        return new TabletRecord(alias, "zone1", Integer.parseInt(alias.substring(6)), keyspace, shard, TabletType.PRIMARY,
                "127.0.0.1", 3306, 0, 15000, TabletState.SERVING);
    }

    private static Topology topology(List<ShardRecord> shards, List<TabletRecord> tabletRecords) {
        Map<String, ShardRecord> byKey = new TreeMap<>();
        shards.forEach(s -> byKey.put(Topology.shardKey(s.keyspace(), s.name()), s));
        Map<String, TabletRecord> byAlias = new TreeMap<>();
        tabletRecords.forEach(r -> byAlias.put(r.alias(), r));
        Topology empty = Topology.empty("c");
        return new Topology("c", 1, Map.of(), List.of("zone1"), Map.of(), byKey, byAlias, Map.of(), Map.of(), Map.of(), Map.of(),
                empty.reconciler());
    }
}
