package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.spec.Keyspace;
import java.util.ArrayList;
import java.util.List;

/**
 * The two steps of one table's online ALTER: {@code schema-change} (instant or in-place when MariaDB accepts it,
 * else a shadow table copied and followed) and {@code schema-cutover} (the RENAME under buffering). Which of the
 * two ways it runs is MariaDB's answer at apply time, not a guess here: the plan stays a pure function of the spec
 * and the topology, and the apply step records what MariaDB accepted.
 */
final class OnlineSchemaChanges {
    private OnlineSchemaChanges() {}

    static void add(PlanState plan, Keyspace ks, SchemaDiff.Alter alter, List<String> shards) {
        StepList steps = plan.steps;
        List<Mark> deps = new ArrayList<>();
        shards.forEach(s -> {
            deps.add(Mark.ready(ks.name(), s));
            deps.add(Mark.schema(ks.name(), s));
        });
        deps.add(Mark.keyspace(ks.name()));
        String what = ks.name() + "." + alter.table();
        String sentence = "Change " + what + " on " + Words.shardList(ks.name(), shards) + " online: " + alter.statement()
                + ". Strategy: instant or in-place where MariaDB accepts it without blocking writes (asked at apply), else online"
                + " through a shadow table, copied and following the binlog, then verified."
                + (alter.destructive() ? " Drops columns: their data is lost once the old table is dropped." : "");
        int change = steps.add(new Action.SchemaChange(ks.name(), shards, alter.table(), alter.statement()), sentence,
                alter.destructive(), ApprovalClass.NONE, steps.marked(deps));
        String cutover = "Cut over " + what + " to its new definition (RENAME TABLE under the gateways' buffering); the old table"
                + " follows the new one, so `shardops revert` swaps back without losing a write.";
        Action.SchemaCutover action = new Action.SchemaCutover(ks.name(), shards, alter.table());
        int i = ks.schemaChanges().postponeCutover()
                ? steps.addGated(action, cutover + " Postponed: waits for approval.", ApprovalClass.SCHEMA_CUTOVER, List.of(change))
                : steps.add(action, cutover, List.of(change));
        shards.forEach(s -> steps.mark(Mark.schema(ks.name(), s), i));
    }
}
