package io.shardops.planner.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.Journey;
import io.shardops.spec.TabletType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The topology a spec describes once applied: what apply writes to etcd at each phase of the journey. */
class TopologyOfTest {
    private static Topology at(String phase) {
        return TopologyOf.spec(Journey.load("examples/phases/" + phase));
    }

    @Test
    void initialClusterHasOnePrimaryAndServesEveryTypeFromShardZero() {
        Topology t = at("101_initial_cluster.yaml");
        assertEquals(3, t.tablets().size());
        ShardRecord shard = t.shards().get("commerce/0");
        assertEquals("zone1-0000000100", shard.primaryAlias());
        assertEquals(TabletType.PRIMARY, t.tablets().get("zone1-0000000100").type());
        SrvKeyspace srv = t.srvKeyspaces().get("zone1/commerce");
        for (TabletType type : TabletType.values()) {
            assertEquals(List.of("0"), srv.partition(type).orElseThrow().shards());
        }
        assertEquals(List.of("product", "customer", "corder"), t.schemas().get("commerce/0").tables().stream().map(x -> x.name()).toList());
    }

    @Test
    void aVerticalSplitHalfwayServesPrimaryFromTheSourceAndDeniesTheMovedTablesElsewhere() {
        Topology t = at("204_vertical_migrate_replicas.yaml");
        assertEquals(List.of(new ServedFrom(TabletType.PRIMARY, "commerce")), t.keyspaces().get("customer").servedFrom());
        ShardRecord commerce = t.shards().get("commerce/0");
        assertEquals(List.of("customer", "corder"), commerce.tabletControl(TabletType.RDONLY).orElseThrow().deniedTables());
        assertTrue(commerce.tabletControl(TabletType.PRIMARY).isEmpty());
        assertTrue(t.schema("commerce", "0").orElseThrow().table("customer").isPresent(), "the source keeps the tables until complete");
        WorkflowRecord w = t.workflows().get("customer-vsplit");
        assertEquals(WorkflowStage.VERIFIED, w.stage());
        assertEquals(List.of(TabletType.RDONLY, TabletType.REPLICA), w.switchedTabletTypes());
        assertEquals(List.of("customer", "corder"), t.shards().get("customer/0").sourceShards().get(0).tables());
    }

    @Test
    void aCompletedVerticalSplitLeavesNoTraceOnTheSource() {
        Topology t = at("206_clean_commerce.yaml");
        assertTrue(t.keyspaces().get("customer").servedFrom().isEmpty());
        assertTrue(t.shards().get("commerce/0").tabletControls().isEmpty());
        assertFalse(t.schema("commerce", "0").orElseThrow().table("customer").isPresent());
        assertTrue(t.shards().get("customer/0").sourceShards().isEmpty());
        assertEquals(WorkflowStage.COMPLETED, t.workflows().get("customer-vsplit").stage());
    }

    @Test
    void aReshardHalfwayRoutesEachTabletTypeToItsShardSet() {
        Topology t = at("304_migrate_replicas.yaml");
        SrvKeyspace srv = t.srvKeyspaces().get("zone1/customer");
        assertEquals(List.of("-80", "80-"), srv.partition(TabletType.RDONLY).orElseThrow().shards());
        assertEquals(List.of("-80", "80-"), srv.partition(TabletType.REPLICA).orElseThrow().shards());
        assertEquals(List.of("0"), srv.partition(TabletType.PRIMARY).orElseThrow().shards());
        assertTrue(t.shards().get("customer/0").primaryServing());
        assertFalse(t.shards().get("customer/-80").primaryServing());
        assertEquals("0", t.shards().get("customer/80-").sourceShards().get(0).shard());
        assertEquals(3 + 9, t.tablets().size(), "commerce/0, customer/0, -80 and 80-, three each");
    }

    @Test
    void aStoppedAndDeletedShardIsGone() {
        Topology down = at("306_down_shard_0.yaml");
        assertNull(down.shards().get("customer/0").primaryAlias());
        assertEquals(3 + 6, down.tablets().size(), "commerce/0, -80 and 80-; customer/0 has none");
        Topology deleted = at("307_delete_shard_0.yaml");
        assertFalse(deleted.shards().containsKey("customer/0"));
        assertEquals(List.of("-80", "80-"), deleted.srvKeyspaces().get("zone1/customer").partition(TabletType.PRIMARY).orElseThrow().shards());
    }

    @Test
    void sequencesAreTablesWithTheVitessComment() {
        Topology t = at("301_customer_sharded.yaml");
        assertTrue(t.schema("commerce", "0").orElseThrow().table("customer_seq").orElseThrow().isSequence());
    }

    @Test
    void tabletAliasesAreZeroPaddedLikeVitess() {
        assertEquals("zone1-0000000100", TabletRecord.alias("zone1", 100));
        assertEquals("zone1-1234567890", TabletRecord.alias("zone1", 1234567890));
    }
}
