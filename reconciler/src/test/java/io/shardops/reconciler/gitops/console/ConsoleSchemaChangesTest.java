package io.shardops.reconciler.gitops.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.topology.RunState;
import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.planner.topology.SchemaChangeRecord.Stage;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.RunRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The console's schema changes: a running copy's progress, and a postponed cut-over with the approval it waits for. */
class ConsoleSchemaChangesTest {
    private static final String RUN = "run-5c4e3a0000000001";

    private static Topology withChanges(SchemaChangeRecord... changes) {
        Topology t = MoveFixture.topology(MoveFixture.workflow(1, 1));
        Map<String, SchemaChangeRecord> byTable = new java.util.LinkedHashMap<>();
        for (SchemaChangeRecord r : changes) {
            byTable.put(Topology.schemaChangeKey(r.keyspace(), r.table()), r);
        }
        return t.withSchemaChanges(byTable);
    }

    private static SchemaChangeRecord change(String table, Stage stage, long copied, long perSecond, long eta) {
        return new SchemaChangeRecord("customer", table, List.of("0"), "alter table `" + table + "` modify column `visits` bigint not null", "copy",
                stage, copied, 1000, 2, "", null, perSecond, eta, false);
    }

    private static String planWithPostponedCutover() {
        JsonArray steps = new JsonArray()
                .add(new JsonObject().put("index", 1).put("kind", "schema-change").put("target", "customer.orders").put("gated", false))
                .add(new JsonObject().put("index", 2).put("kind", "schema-cutover").put("target", "customer.orders").put("gated", true)
                        .put("approval", "schema-cutover").put("description", "Cut over customer.orders ... Postponed: waits for approval."));
        return new JsonObject().put("formatVersion", 1).put("steps", steps).encode();
    }

    @Test
    void runningChangesShowProgressAndAPostponedCutOverItsApproval() {
        RunRecord waiting = new RunRecord(RUN, MoveFixture.CLUSTER, "h", "c0ffee0123456789c0ffee0123456789c0ffee01", 2, List.of(1), 0,
                RunState.WAITING_APPROVAL, "step 2 (schema-cutover customer.orders) needs approval", "2026-12-07T20:00:00Z");
        ConsoleInputs in = new ConsoleInputs(Optional.of(MoveFixture.CLUSTER),
                withChanges(change("customer", Stage.COPYING, 400, 200, 3), change("orders", Stage.FOLLOWING, 1000, 0, -1)),
                List.of(waiting), Map.of(RUN, planWithPostponedCutover()), Map.of(), new JsonObject(), Map.of(), Optional.empty(), Instant.EPOCH);
        JsonArray changes = ConsoleSnapshot.build(in, true).getJsonArray("schemaChanges");
        assertEquals(2, changes.size());
        JsonObject copying = changes.getJsonObject(0);
        assertEquals("customer", copying.getString("table"));
        assertEquals("copying", copying.getString("stage"));
        assertEquals(400, copying.getLong("rowsCopied"));
        assertEquals(1000, copying.getLong("rowsTotal"));
        assertEquals(2, copying.getLong("lagSeconds"));
        assertEquals(200, copying.getLong("rowsPerSecond"));
        assertEquals(3, copying.getLong("etaSeconds"));
        assertTrue(copying.getBoolean("running"));
        assertNull(copying.getJsonObject("cutoverApproval"));
        JsonObject following = changes.getJsonObject(1);
        assertEquals("following", following.getString("stage"));
        assertEquals(new JsonObject().put("runId", RUN).put("step", 2).put("approvedBy", null), following.getJsonObject("cutoverApproval"),
                "the postponed cut-over names the approval the page's Approve button gives");
    }

    @Test
    void aCutOverChangeIsShownRevertibleUntilConfirmed() {
        SchemaChangeRecord cut = change("customer", Stage.CUT_OVER, 1000, 0, -1);
        ConsoleInputs in = new ConsoleInputs(Optional.of(MoveFixture.CLUSTER), withChanges(cut), List.of(), Map.of(), Map.of(),
                new JsonObject(), Map.of(), Optional.empty(), Instant.EPOCH);
        JsonObject c = ConsoleSnapshot.build(in, false).getJsonArray("schemaChanges").getJsonObject(0);
        assertTrue(c.getBoolean("revertible"));
        assertFalse(c.getBoolean("confirmed"));
        assertFalse(c.getBoolean("running"));
        assertEquals(-1, c.getLong("etaSeconds"));
    }
}
