package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Problem;
import io.shardops.spec.schema.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One table's online ALTER as steps, given the table's latest schema change in the topology:
 * <ul>
 * <li>{@code schema-change} (instant or in-place when MariaDB accepts it, else a shadow table copied and followed)
 *     and {@code schema-cutover} (the RENAME under buffering). Which way it runs is MariaDB's answer at apply time,
 *     not a guess here: the plan stays a pure function of the spec and the topology;</li>
 * <li>{@code schema-revert} instead, when the spec goes back to the definition from before a cut-over change whose
 *     old table still follows the new one (a revert commit), or back to the live definition while a change is not cut
 *     over yet (it is cancelled);</li>
 * <li>{@code drop-old-table} once a cut-over change is confirmed and the spec still wants its definition.</li>
 * </ul>
 * At most one change per table at a time, and none of a table a move is moving: the plan refuses, saying what to do.
 */
final class OnlineSchemaChanges {
    private OnlineSchemaChanges() {}

    static void add(PlanState plan, Keyspace ks, SchemaDiff.Alter alter, TableDef wanted, List<String> shards) {
        StepList steps = plan.steps;
        String what = ks.name() + "." + alter.table();
        Optional<SchemaChangeRecord> last = plan.live.topology.schemaChange(ks.name(), alter.table());
        Optional<String> moving = movedBy(plan, ks.name(), alter.table());
        if (moving.isPresent()) {
            plan.errors.add(Problem.at(ks.location(), "schema-change-during-move",
                    "table " + what + " changes its definition while the " + moving.get() + " moves it: the move's copy would miss the change.",
                    "Change the table after the move completes: keep its CREATE TABLE as it is until then, and commit the change separately."));
            return;
        }
        if (last.isPresent() && last.get().revertible() && last.get().before() != null && SchemaDiff.same(wanted, last.get().before())) {
            revert(plan, ks, what, alter.table(), shards, alter.destructive(),
                    "Revert " + what + " to its definition before its last online change: swap the old table back in (RENAME TABLE under the"
                            + " gateways' buffering), as `shardops revert " + what + "` does; the old table followed the new one since the"
                            + " cut-over, so no write is lost. An instant swap, not a new online change."
                            + (alter.destructive() ? " Columns only the new definition has lose their data." : ""));
            return;
        }
        if (last.isPresent() && last.get().stage().inFlight() && !last.get().alter().equals(alter.statement())) {
            plan.errors.add(Problem.at(ks.location(), "schema-change-in-flight",
                    "table " + what + " has a schema change " + last.get().stage().word() + " (" + last.get().alter()
                            + "); the spec now asks for another definition, and a table has one change at a time.",
                    "Let that change cut over first (apply the spec that asked for it; approve its cut-over if postponed),"
                            + " or cancel it with `shardops revert " + what + "`, then apply this spec."));
            return;
        }
        List<Mark> deps = deps(ks, shards);
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

    /**
     * For the keyspace's tables the spec does not alter ({@code altered}: lowercase names): a confirmed change's old
     * table is dropped; a change not cut over yet, whose definition the spec no longer asks for, is cancelled.
     */
    static void settle(PlanState plan, Keyspace ks, List<TableDef> wanted, Set<String> altered) {
        for (TableDef t : wanted) {
            String name = t.name().toLowerCase(Locale.ROOT);
            Optional<SchemaChangeRecord> last = plan.live.topology.schemaChange(ks.name(), name);
            if (altered.contains(name) || last.isEmpty()) {
                continue;
            }
            SchemaChangeRecord r = last.get();
            String what = ks.name() + "." + name;
            if (r.stage().inFlight() && r.online()) {
                revert(plan, ks, what, name, r.shards(), false, "Cancel the schema change of " + what + " (" + r.alter()
                        + "), " + r.stage().word() + ": the spec asks for the table as it is. Its stream stops and its shadow table is dropped;"
                        + " the table never changed.");
            } else if (r.oldTableToDrop()) {
                StepList steps = plan.steps;
                String old = SchemaChangeRecord.oldTableOf(name);
                steps.add(new Action.DropOldTable(ks.name(), r.shards(), name),
                        "Drop " + old + ", the old table of " + what + "'s confirmed schema change (" + r.alter() + "), from "
                                + Words.shardList(ks.name(), r.shards()) + ", and stop its reverse stream: the change can no longer be reverted.",
                        true, ApprovalClass.DESTROY, steps.marked(deps(ks, r.shards())));
            }
        }
    }

    private static void revert(PlanState plan, Keyspace ks, String what, String table, List<String> shards, boolean loses, String sentence) {
        StepList steps = plan.steps;
        int i = steps.add(new Action.SchemaRevert(ks.name(), shards, table), sentence, loses, ApprovalClass.NONE, steps.marked(deps(ks, shards)));
        shards.forEach(s -> steps.mark(Mark.schema(ks.name(), s), i));
    }

    private static List<Mark> deps(Keyspace ks, List<String> shards) {
        List<Mark> deps = new ArrayList<>();
        shards.forEach(s -> {
            deps.add(Mark.ready(ks.name(), s));
            deps.add(Mark.schema(ks.name(), s));
        });
        deps.add(Mark.keyspace(ks.name()));
        return deps;
    }

    /** The unfinished move (MoveTables or Reshard) that moves the table, named for people. */
    private static Optional<String> movedBy(PlanState plan, String keyspace, String table) {
        for (WorkflowRecord w : plan.live.topology.workflows().values()) {
            if (w.moves(keyspace, table)) {
                return Optional.of(w.kind().word() + " " + w.name());
            }
        }
        return Optional.empty();
    }
}
