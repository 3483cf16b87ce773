package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.planner.topology.SchemaChangeRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaChangeGuardTest {
    static final String ALTER = "alter table `customer` modify column `visits` bigint not null";

    static WorkflowRecord move(WorkflowKind kind, String from, String to, List<String> tables, WorkflowStage stage) {
        return new WorkflowRecord("w", kind, from, List.of("0"), to, List.of("0"), tables, stage, List.of(), List.of());
    }

    static SchemaChangeRecord change(String alter, SchemaChangeRecord.Stage stage) {
        return new SchemaChangeRecord("customer", "customer", List.of("0"), alter, "copy", stage, 0, 0, 0, "");
    }

    @Test
    void aMoveOfTheTableHoldsTheChangeUntilItCompletes() {
        var moving = move(WorkflowKind.MOVE_TABLES, "commerce", "customer", List.of("customer"), WorkflowStage.RUNNING);
        assertTrue(SchemaChangeGuard.refusal("customer", "customer", ALTER, List.of(moving), Optional.empty()).orElseThrow().contains("w"));
        var done = move(WorkflowKind.MOVE_TABLES, "commerce", "customer", List.of("customer"), WorkflowStage.COMPLETED);
        assertEquals(Optional.empty(), SchemaChangeGuard.refusal("customer", "customer", ALTER, List.of(done), Optional.empty()));
        var reshard = move(WorkflowKind.RESHARD, "customer", "customer", List.of(), WorkflowStage.COPYING);
        assertTrue(SchemaChangeGuard.refusal("customer", "customer", ALTER, List.of(reshard), Optional.empty()).isPresent(), "a reshard moves every table");
        var other = move(WorkflowKind.MOVE_TABLES, "commerce", "customer", List.of("corder"), WorkflowStage.RUNNING);
        assertEquals(Optional.empty(), SchemaChangeGuard.refusal("customer", "customer", ALTER, List.of(other), Optional.empty()));
    }

    @Test
    void oneChangePerTableAtATimeButTheSameOneResumes() {
        var copying = Optional.of(change("alter table `customer` drop column `email`", SchemaChangeRecord.Stage.COPYING));
        assertTrue(SchemaChangeGuard.refusal("customer", "customer", ALTER, List.of(), copying).orElseThrow().contains("one change per table"));
        var same = Optional.of(change(ALTER, SchemaChangeRecord.Stage.FOLLOWING));
        assertEquals(Optional.empty(), SchemaChangeGuard.refusal("customer", "customer", ALTER, List.of(), same));
        assertTrue(SchemaChangeGuard.resumes(ALTER, same));
        assertFalse(SchemaChangeGuard.resumes(ALTER, Optional.of(change(ALTER, SchemaChangeRecord.Stage.REVERTED))), "a reverted change starts afresh");
        assertEquals(Optional.empty(), SchemaChangeGuard.refusal("customer", "customer", ALTER, List.of(),
                Optional.of(change("alter table `customer` drop column `email`", SchemaChangeRecord.Stage.CUT_OVER))), "a cut-over change no longer holds the table");
    }

    @Test
    void namesAndClauses() {
        SchemaChangeNames n = new SchemaChangeNames("customer", "customer");
        assertEquals("_customer_osc_new", n.shadow());
        assertEquals("_customer_osc_old", n.old());
        assertEquals("osc.customer.customer", n.forwardStream());
        assertEquals(Optional.of("customer"), SchemaChangeNames.tableOfOld("_customer_osc_old"));
        assertEquals(Optional.empty(), SchemaChangeNames.tableOfOld("customer_old"));
        assertEquals("modify column `visits` bigint not null", n.clauses(new Action.SchemaChange("customer", List.of("0"), "customer", ALTER)));
        assertThrows(IllegalArgumentException.class, () -> n.clauses(new Action.SchemaChange("customer", List.of("0"), "customer", "alter table `other` add key k(c)")));
        assertThrows(IllegalArgumentException.class, () -> new SchemaChangeNames("ks", "t".repeat(60)));
    }
}
