package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Problem;
import io.shardops.spec.Shard;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per keyspace: drops the tables no longer declared (and not leaving by a move), after the VSchema stopped
 * routing them; refuses while the VSchema still routes one.
 */
final class DropTablesPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Keyspace ks : plan.desired.keyspaces()) {
            dropTables(plan, ks);
        }
    }

    private static void dropTables(PlanState plan, Keyspace ks) {
        Set<String> wanted = new HashSet<>();
        TopologyOf.desiredTables(ks).forEach(t -> wanted.add(t.name().toLowerCase(Locale.ROOT)));
        Set<String> leaving = new HashSet<>();
        for (Move m : plan.moves.outOf(ks.name())) {
            leaving.addAll(m.tables());
        }
        Map<String, List<String>> shardsByTable = new LinkedHashMap<>();
        List<TableDef> settled = null;  // a shard table list with nothing to drop: equal lists have nothing either
        for (Shard shard : plan.desiredShards(ks)) {
            List<TableDef> listed = plan.tables.untouched(ks.name(), shard.name());
            if (settled != null && ShardTables.same(listed, settled)) {
                continue;
            }
            boolean drops = false;
            for (String t : plan.tables.view(ks.name(), shard.name()).keySet()) {
                if (!wanted.contains(t) && !leaving.contains(t)) {
                    shardsByTable.computeIfAbsent(t, x -> new ArrayList<>()).add(shard.name());
                    drops = true;
                }
            }
            if (!drops) {
                settled = listed;
            }
        }
        if (shardsByTable.isEmpty()) {
            return;
        }
        VSchema vs = ks.vschema() == null ? VSchema.EMPTY : ks.vschema();
        List<String> tables = new ArrayList<>();
        Set<String> shards = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> e : shardsByTable.entrySet()) {
            if (vs.tables().keySet().stream().anyMatch(n -> n.equalsIgnoreCase(e.getKey()))) {
                plan.errors.add(Problem.at(ks.location(), "table-still-serving",
                        "table " + ks.name() + "." + e.getKey() + " is no longer declared in the schema but is still routed by the VSchema: dropping it would break queries that use it.",
                        "Remove it from vschema.tables too (in the same commit is fine), or keep its CREATE TABLE."));
                continue;
            }
            tables.add(e.getKey());
            shards.addAll(e.getValue());
        }
        if (tables.isEmpty()) {
            return;
        }
        List<String> shardList = new ArrayList<>(shards);
        plan.steps.add(new Action.DropTables(ks.name(), shardList, tables),
                "Drop " + String.join(", ", tables) + " from " + Words.shardList(ks.name(), shardList) + ": no longer declared; their data is lost.",
                true, ApprovalClass.DESTROY, plan.steps.marked(Mark.vschema(ks.name())));
    }
}
