package io.shardops.planner.diff;

import static io.shardops.planner.Specs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.Step;
import io.shardops.planner.render.PlanText;
import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.planner.topology.SchemaChangeRecord.Stage;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.spec.Cluster;
import io.shardops.spec.schema.TableDef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the plan does with a table's latest online schema change (docs/schema-changes.md): a revert commit swaps the
 * old table back, a confirmed change's old table is dropped behind the destroy gate, one change per table at a time,
 * none while a move of the table runs.
 */
class SchemaChangeLifecycleTest {
    static final String ALTER = "alter table `product` modify column `price` decimal(20,2)";
    static final TableDef OLD = product();
    static final TableDef NEW = table("product", "sku", notNull("sku", "varbinary(128)"), col("description", "varbinary(128)"), col("price", "decimal(20,2)"));

    static Cluster spec(TableDef product) {
        return cluster(keyspace("commerce", List.of(shard("0")), List.of(product), unsharded("product")));
    }

    static SchemaChangeRecord record(Stage stage, boolean confirmed) {
        return new SchemaChangeRecord("commerce", "product", List.of("0"), ALTER, "copy", stage, 10, 10, 0, "", OLD, 0, -1, confirmed);
    }

    /** The live topology as a spec with {@code live} describes it, with the table's latest change recorded. */
    static Topology live(TableDef live, SchemaChangeRecord r, WorkflowRecord... moves) {
        Topology t = TopologyOf.spec(spec(live));
        Map<String, WorkflowRecord> workflows = new java.util.LinkedHashMap<>();
        for (WorkflowRecord w : moves) {
            workflows.put(w.name(), w);
        }
        return new Topology(t.clusterName(), t.revision(), t.modRevisions(), t.cells(), t.keyspaces(), t.shards(), t.tablets(), t.srvKeyspaces(),
                t.vschemas(), t.schemas(), workflows, t.reconciler()).withSchemaChanges(Map.of(Topology.schemaChangeKey("commerce", "product"), r));
    }

    static Plan planned(Cluster desired, Topology live) {
        PlanResult r = plan(desired, live);
        if (r.refused()) {
            throw new AssertionError("refused: " + r.errors());
        }
        return r.plan();
    }

    @Test
    void aRevertCommitWhileTheOldTableFollowsIsTheInstantSwapBack() {
        Plan plan = planned(spec(OLD), live(NEW, record(Stage.CUT_OVER, false)));
        assertEquals(List.of("schema-revert commerce.product"), heads(plan), "a swap back, not a new online change");
        Step s = plan.steps().get(0);
        assertEquals(new Action.SchemaRevert("commerce", List.of("0"), "product"), s.action());
        assertTrue(s.description().contains("as `shardops revert commerce.product` does"), s.description());
        assertTrue(PlanText.render(plan, false).contains("An instant swap, not a new online change."), PlanText.render(plan, false));
        // confirmed but not dropped yet: the old table is still there, so the revert is still the swap
        assertEquals(List.of("schema-revert commerce.product"), heads(planned(spec(OLD), live(NEW, record(Stage.CUT_OVER, true)))));
    }

    @Test
    void withoutTheOldTableARevertCommitIsANewOnlineChange() {
        for (Stage stage : List.of(Stage.DONE, Stage.REVERTED)) {
            assertEquals(List.of("schema-change commerce.product", "schema-cutover commerce.product"),
                    heads(planned(spec(OLD), live(NEW, record(stage, false)))), stage.word());
        }
    }

    @Test
    void aConfirmedChangesOldTableIsDroppedBehindTheDestroyGate() {
        assertEquals(List.of(), heads(planned(spec(NEW), live(NEW, record(Stage.CUT_OVER, false)))),
                "not confirmed: the old table stays, following, so the change can be reverted");
        Plan plan = planned(spec(NEW), live(NEW, record(Stage.CUT_OVER, true)));
        assertEquals(List.of("drop-old-table commerce.product"), heads(plan));
        Step drop = plan.steps().get(0);
        assertEquals(new Action.DropOldTable("commerce", List.of("0"), "product"), drop.action());
        assertTrue(drop.destructive());
        assertEquals(ApprovalClass.DESTROY, drop.approval());
        assertTrue(drop.description().contains("_product_osc_old") && drop.description().contains("no longer be reverted"), drop.description());
        Cluster gated = cluster(List.of(spec(NEW).keyspaces().get(0)), List.of(), GATED);
        assertTrue(planned(gated, live(NEW, record(Stage.CUT_OVER, true))).steps().get(0).gated(), "policy.requireApproval: [destroy] gates it");
        assertEquals(List.of(), heads(planned(spec(NEW), live(NEW, record(Stage.DONE, true)))), "dropped already");
    }

    @Test
    void aChangeNotCutOverWhoseDefinitionTheSpecNoLongerWantsIsCancelled() {
        Plan plan = planned(spec(OLD), live(OLD, record(Stage.FOLLOWING, false)));
        assertEquals(List.of("schema-revert commerce.product"), heads(plan));
        assertTrue(plan.steps().get(0).description().startsWith("Cancel the schema change of commerce.product"), plan.steps().get(0).description());
        assertEquals(List.of("schema-change commerce.product", "schema-cutover commerce.product"), heads(planned(spec(NEW), live(OLD, record(Stage.COPYING, false)))),
                "the same change resumes");
    }

    @Test
    void oneChangePerTableAtATime() {
        TableDef other = table("product", "sku", notNull("sku", "varbinary(128)"), col("description", "varbinary(128)"), col("price", "varchar(20)"));
        PlanResult r = plan(spec(other), live(OLD, record(Stage.FOLLOWING, false)));
        assertTrue(r.refused());
        assertEquals("schema-change-in-flight", r.errors().get(0).code());
        assertTrue(r.errors().get(0).hint().contains("shardops revert commerce.product"), r.errors().get(0).hint());
        assertFalse(plan(spec(other), live(NEW, record(Stage.CUT_OVER, false))).refused(), "a cut-over change no longer holds the table");
    }

    @Test
    void aTableIsNotChangedWhileAMoveOfItRuns() {
        WorkflowRecord move = new WorkflowRecord("w", WorkflowKind.MOVE_TABLES, "legacy", List.of("0"), "commerce", List.of("0"), List.of("product"),
                WorkflowStage.RUNNING, List.of(), List.of());
        PlanResult r = plan(spec(NEW), live(OLD, record(Stage.DONE, false), move));
        assertTrue(r.refused(), () -> heads(r.plan()).toString() + r.plan().steps());
        assertEquals("schema-change-during-move", r.errors().get(0).code());
        assertTrue(r.errors().get(0).message().contains("MoveTables w") || r.errors().get(0).message().contains("w moves"), r.errors().get(0).message());
        WorkflowRecord done = new WorkflowRecord("w", WorkflowKind.MOVE_TABLES, "legacy", List.of("0"), "commerce", List.of("0"), List.of("product"),
                WorkflowStage.COMPLETED, List.of(), List.of());
        assertFalse(plan(spec(NEW), live(OLD, record(Stage.DONE, false), done)).refused());
    }
}
