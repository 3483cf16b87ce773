package io.shardops.planner.diff;

import static io.shardops.planner.Specs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.spec.Problem;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Changes the planner refuses: each gives an error with a code, a location and a hint, and no plan. */
class RefusalsTest {
    private static final List<TabletType> RDONLY_REPLICA = List.of(TabletType.RDONLY, TabletType.REPLICA);
    private static final List<TabletType> ALL = List.of(TabletType.RDONLY, TabletType.REPLICA, TabletType.PRIMARY);
    private static final Keyspace SOURCE = keyspace("commerce", List.of(shard("0")), List.of(product(), customer()), unsharded("product", "customer"));
    private static final Keyspace SOURCE_AFTER = keyspace("commerce", List.of(shard("0")), List.of(product()), unsharded("product"));
    private static final Keyspace TARGET = keyspace("customer", List.of(shard("0")), List.of(customer()), unsharded("customer"));

    private static Cluster vsplit(boolean copy, List<TabletType> switched, boolean complete) {
        return cluster(List.of(SOURCE_AFTER, TARGET), List.of(moveTables("mt", "commerce", "customer", List.of("customer"), copy, switched, complete)));
    }

    private static Problem refused(PlanResult r, String code) {
        assertTrue(r.refused(), () -> "expected a refusal, got " + heads(r.plan()));
        Problem e = r.errors().stream().filter(x -> x.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " among " + r.errors()));
        assertEquals(AT, e.location());
        assertTrue(e.render().startsWith("spec.yaml:1:1: error: "), e.render());
        assertTrue(!e.hint().isEmpty(), "a refusal says what to do");
        return e;
    }

    @Test
    void switchingReplicaBeforeRdonlySkipsATrafficStage() {
        Problem e = refused(plan(vsplit(true, List.of(), false), vsplit(true, List.of(TabletType.REPLICA), false)), "skipped-traffic-stage");
        assertTrue(e.message().contains("rdonly, replica, primary"), e.message());
    }

    @Test
    void switchingTrafficBeforeCopyingSkipsATrafficStage() {
        Problem e = refused(plan(vsplit(false, List.of(), false), vsplit(false, List.of(TabletType.RDONLY), false)), "skipped-traffic-stage");
        assertTrue(e.message().contains("before its data is copied"), e.message());
    }

    @Test
    void completingBeforeThePrimarySwitchSkipsATrafficStage() {
        refused(plan(vsplit(true, RDONLY_REPLICA, false), vsplit(true, RDONLY_REPLICA, true)), "skipped-traffic-stage");
    }

    @Test
    void uncopyingAHalfDoneMoveIsRefused() {
        Problem e = refused(plan(vsplit(true, List.of(), false), vsplit(false, List.of(), false)), "half-done-move");
        assertTrue(e.message().contains("already copied"), e.message());
    }

    @Test
    void takingBackACompletedMoveIsRefused() {
        refused(plan(vsplit(true, ALL, true), vsplit(true, ALL, false)), "half-done-move");
    }

    @Test
    void reversingAMoveTablesPrimarySwitchIsRefused() {
        Problem e = refused(plan(vsplit(true, ALL, false), vsplit(true, RDONLY_REPLICA, false)), "half-done-move");
        assertTrue(e.message().contains("one-way"), e.message());
    }

    @Test
    void redirectingARunningMoveToOtherTablesIsRefused() {
        Keyspace target = keyspace("customer", List.of(shard("0")), List.of(customer(), product()), unsharded("customer", "product"));
        Cluster other = cluster(List.of(SOURCE_AFTER, target), List.of(moveTables("mt", "commerce", "customer", List.of("customer", "product"), true, List.of(), false)));
        refused(plan(vsplit(true, List.of(TabletType.RDONLY), false), other), "half-done-move");
    }

    @Test
    void droppingTheMigrationOfAHalfDoneMoveAndRevertingTheLayoutIsRefused() {
        Topology live = TopologyOf.spec(vsplit(true, RDONLY_REPLICA, false));
        Problem e = refused(plan(cluster(SOURCE, keyspace("customer", List.of(shard("0")), List.of(), VSchema.EMPTY)), live), "half-done-move");
        assertTrue(e.message().contains("workflow mt is half done"), e.message());
    }

    @Test
    void aHalfDoneMoveWhoseMigrationIsGoneButWhoseLayoutStaysRunsToTheEnd() {
        Topology live = TopologyOf.spec(vsplit(true, RDONLY_REPLICA, false));
        PlanResult r = plan(cluster(SOURCE_AFTER, TARGET), live);
        assertEquals(List.of("switch-traffic mt primary", "remove-tablet-controls commerce", "drop-tables commerce", "complete-migration mt"), heads(r.plan()));
    }

    @Test
    void startingAnotherMoveWhileOneIsHalfDoneIsRefused() {
        Keyspace both = keyspace("customer", List.of(shard("0"), shard("-80"), shard("80-")), List.of(customer()), hashed("customer_id", "customer"));
        Keyspace four = keyspace("customer", List.of(shard("0"), shard("-40"), shard("40-80"), shard("80-c0"), shard("c0-"), shard("-80"), shard("80-")),
                List.of(customer()), hashed("customer_id", "customer"));
        Cluster from = cluster(List.of(both), List.of(reshard("rs", "customer", List.of("0"), List.of("-80", "80-"), true, RDONLY_REPLICA, false)));
        Cluster to = cluster(List.of(four), List.of(
                reshard("rs", "customer", List.of("0"), List.of("-80", "80-"), true, RDONLY_REPLICA, false),
                reshard("rs4", "customer", List.of("-80", "80-"), List.of("-40", "40-80", "80-c0", "c0-"), false, List.of(), false)));
        Problem e = refused(plan(from, to), "half-done-move");
        assertTrue(e.message().contains("while workflow rs is half done"), e.message());
    }

    @Test
    void droppingATableTheVSchemaStillRoutesIsRefused() {
        Cluster stillRouted = cluster(keyspace("commerce", List.of(shard("0")), List.of(product()), unsharded("product", "customer")));
        Problem e = refused(plan(cluster(SOURCE), stillRouted), "table-still-serving");
        assertTrue(e.message().contains("commerce.customer"), e.message());
    }

    @Test
    void stoppingEveryTabletOfAServingShardIsRefused() {
        Cluster down = cluster(keyspace("commerce", List.of(shard("0", 0, 0)), List.of(product()), unsharded("product")));
        Problem e = refused(plan(cluster(SOURCE_AFTER), down), "shard-still-serving");
        assertTrue(e.message().contains("commerce/0"), e.message());
    }

    @Test
    void leavingOutAReshardSourceBeforeTheReshardCompletesIsRefused() {
        Keyspace both = keyspace("customer", List.of(shard("0"), shard("-80"), shard("80-")), List.of(customer()), hashed("customer_id", "customer"));
        Keyspace targetsOnly = keyspace("customer", List.of(shard("-80"), shard("80-")), List.of(customer()), hashed("customer_id", "customer"));
        Cluster from = cluster(List.of(both), List.of(reshard("rs", "customer", List.of("0"), List.of("-80", "80-"), true, RDONLY_REPLICA, false)));
        Cluster to = cluster(List.of(targetsOnly), List.of(reshard("rs", "customer", List.of("0"), List.of("-80", "80-"), true, RDONLY_REPLICA, false)));
        refused(plan(from, to), "shard-still-serving");
    }

    @Test
    void removingAServingShardWithoutAReshardIsRefused() {
        Keyspace three = keyspace("customer", List.of(shard("-80"), shard("80-")), List.of(customer()), hashed("customer_id", "customer"));
        Topology live = TopologyOf.spec(cluster(three));
        // a live shard the spec does not know (e.g. made by hand), still in the serving graph
        var shards = new LinkedHashMap<>(live.shards());
        var extra = new ShardRecord("customer", "80-c0", KeyRange.parse("80-c0").orElseThrow(), null, true, List.of(), List.of());
        shards.put(extra.key(), extra);
        var srv = new LinkedHashMap<>(live.srvKeyspaces());
        srv.put("zone1/customer", new SrvKeyspace("zone1", "customer",
                List.of(new SrvKeyspace.Partition(TabletType.PRIMARY, List.of("-80", "80-c0"))), List.of()));
        Topology withExtra = new Topology("demo", 1, Map.of(), live.cells(), live.keyspaces(), shards, live.tablets(), srv, live.vschemas(),
                live.schemas(), live.workflows(), live.reconciler());
        refused(plan(cluster(three), withExtra), "shard-still-serving");
    }

    @Test
    void emptyingAKeyspaceShardListWouldDropDataOutsideADestroy() {
        Keyspace noShards = keyspace("commerce", List.of(), List.of(product()), unsharded("product"));
        Problem e = refused(plan(cluster(SOURCE_AFTER), cluster(noShards)), "data-outside-destroy");
        assertTrue(e.message().contains("without a destroy step"), e.message());
    }

    @Test
    void copyingIntoAKeyspaceWithoutShardsIsRefused() {
        Keyspace empty = keyspace("customer", List.of(), List.of(customer()), unsharded("customer"));
        Cluster to = cluster(List.of(SOURCE_AFTER, empty), List.of(moveTables("mt", "commerce", "customer", List.of("customer"), true, List.of(), false)));
        refused(plan(cluster(SOURCE), to), "move-without-target");
    }

    @Test
    void everyRefusalIsReportedNotJustTheFirst() {
        Cluster bad = cluster(List.of(SOURCE_AFTER, keyspace("customer", List.of(shard("0", 0, 0)), List.of(customer()), unsharded("customer"))),
                List.of(moveTables("mt", "commerce", "customer", List.of("customer"), false, List.of(TabletType.REPLICA), true)));
        PlanResult r = plan(cluster(SOURCE), bad);
        assertTrue(r.errors().size() >= 2, r.errors().toString());
    }

    @Test
    void aLiveWorkflowRecordKeepsItsStage() {
        WorkflowRecord w = TopologyOf.spec(vsplit(true, RDONLY_REPLICA, false)).workflows().get("mt");
        assertEquals(WorkflowStage.VERIFIED, w.stage());
        assertEquals(RDONLY_REPLICA, w.switchedTabletTypes());
    }
}
