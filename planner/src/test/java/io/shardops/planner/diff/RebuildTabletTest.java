package io.shardops.planner.diff;

import static io.shardops.planner.Specs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.Step;
import io.shardops.planner.render.PlanJson;
import io.shardops.planner.render.PlanText;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lost tablets (docs/replace.md): a needs-rebuild tablet is replaced, a primary never, healthy tablets never. */
class RebuildTabletTest {
    private static final Keyspace COMMERCE = keyspace("commerce", List.of(shard("0")), List.of(product()), unsharded("product"));
    private static final Cluster BASE = cluster(COMMERCE);
    // TopologyOf.spec(BASE): commerce/0 has primary zone1-0000000100, replica zone1-0000000101, rdonly zone1-0000000102
    private static final String PRIMARY = "zone1-0000000100";
    private static final String REPLICA = "zone1-0000000101";
    private static final String RDONLY = "zone1-0000000102";

    private static Topology withNeedsRebuild(Cluster spec, String... aliases) {
        Topology t = TopologyOf.spec(spec);
        return new Topology(t.clusterName(), 7, Map.of(), t.cells(), t.keyspaces(), t.shards(), t.tablets(), t.srvKeyspaces(),
                t.vschemas(), t.schemas(), t.workflows(), t.reconciler(), Map.of("commerce/0", List.of(aliases)));
    }

    @Test
    void aNeedsRebuildTabletIsReplacedInItsPool() {
        Plan plan = plan(BASE, withNeedsRebuild(BASE, REPLICA, RDONLY)).plan();
        assertEquals(List.of("rebuild-tablet commerce/0 " + REPLICA, "rebuild-tablet commerce/0 " + RDONLY), heads(plan));
        Action.RebuildTablet a = (Action.RebuildTablet) plan.steps().get(0).action();
        assertEquals(TabletType.REPLICA, a.pool());
        assertEquals(TabletType.RDONLY, ((Action.RebuildTablet) plan.steps().get(1).action()).pool());
        Step s = plan.steps().get(0);
        assertFalse(s.destructive(), "the lost tablet's data is kept aside, not deleted");
        assertTrue(s.description().contains("tablets-aside/" + REPLICA), s.description());
        String text = PlanText.render(plan, false);
        assertTrue(text.contains("rebuild-tablet commerce/0 " + REPLICA), text);
        assertEquals(plan, PlanJson.read(PlanJson.write(plan)), "a saved plan reads back its rebuild steps");
    }

    @Test
    void aPrimaryIsNeverRebuiltEvenWhenListed() {
        assertEquals(List.of(), heads(plan(BASE, withNeedsRebuild(BASE, PRIMARY)).plan()), "failover handles primaries");
    }

    @Test
    void aFormerPrimaryWhoseHostIsGoneIsReplacedThoughItsRecordIsStillTypedPrimary() {
        // the failover made the replica primary; the old primary's record, never fenced (its host is gone), says primary
        Topology t = withNeedsRebuild(BASE, PRIMARY);
        Map<String, ShardRecord> shards = new java.util.LinkedHashMap<>(t.shards());
        shards.put("commerce/0", t.shards().get("commerce/0").withNewPrimary(REPLICA));
        Map<String, TabletRecord> tablets = new java.util.LinkedHashMap<>(t.tablets());
        TabletRecord r = tablets.get(REPLICA);
        tablets.put(REPLICA, new TabletRecord(r.alias(), r.cell(), r.uid(), r.keyspace(), r.shard(), TabletType.PRIMARY, r.hostname(),
                r.grpcPort(), r.httpPort(), r.mysqlPort(), r.state()));
        Topology failedOver = new Topology(t.clusterName(), 8, Map.of(), t.cells(), t.keyspaces(), shards, tablets, t.srvKeyspaces(),
                t.vschemas(), t.schemas(), t.workflows(), t.reconciler(), Map.of("commerce/0", List.of(PRIMARY)));
        assertEquals(TabletType.PRIMARY, failedOver.tablets().get(PRIMARY).type());
        assertEquals(List.of("rebuild-tablet commerce/0 " + PRIMARY), heads(plan(BASE, failedOver).plan()));
    }

    @Test
    void healthyTabletsPlanNothing() {
        assertFalse(plan(BASE, TopologyOf.spec(BASE)).plan().hasChanges());
    }

    @Test
    void aListedTabletWhoseRecordIsGoneGetsItsReplacementFinished() {
        Plan plan = plan(BASE, withNeedsRebuild(BASE, "zone1-0000000103")).plan();
        assertEquals(List.of("rebuild-tablet commerce/0 zone1-0000000103"), heads(plan), "an apply killed mid-rebuild resumes it");
        assertTrue(plan.steps().get(0).description().startsWith("Finish replacing"), plan.steps().get(0).description());
    }

    @Test
    void aLostTabletBeyondTheSpecsCountIsStoppedInsteadOfAHealthyOne() {
        Cluster fewer = cluster(keyspace("commerce", List.of(shard("0", 2, 0)), List.of(product()), unsharded("product")));
        Plan plan = plan(fewer, withNeedsRebuild(BASE, RDONLY, REPLICA)).plan();
        assertEquals(List.of("rebuild-tablet commerce/0 " + REPLICA, "stop-tablets commerce/0"), heads(plan));
        assertEquals(List.of(RDONLY), ((Action.StopTablets) plan.steps().get(1).action()).aliases());
    }
}
