package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Keyspace;
import io.shardops.spec.SchemaChanges;
import io.shardops.spec.Shard;
import io.shardops.spec.schema.TableDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per keyspace: copies the schema of tables a move brings in (as the source has them, before any ALTER), then
 * creates and alters tables to the spec, one step per distinct set of statements across the shards.
 */
final class SchemaPhase implements Phase {

    @Override
    public void addSteps(PlanState plan) {
        for (Keyspace ks : plan.desired.keyspaces()) {
            schema(plan, ks);
        }
    }

    private static void schema(PlanState plan, Keyspace ks) {
        Set<String> sequenceNames = new HashSet<>();
        ks.sequences().keySet().forEach(n -> sequenceNames.add(n.toLowerCase(Locale.ROOT)));
        List<TableDef> wanted = TopologyOf.desiredTables(ks);

        // Tables arriving by a move are copied from the source as they are there, before any ALTER.
        // ... and are empty until their move copies rows in: an ALTER of them runs direct, at no cost
        Set<String> arriving = new HashSet<>();
        for (Move m : plan.moves.into(ks.name())) {
            if (!m.nothingToMove()) {
                copySchema(plan, ks, m, m.tables());
                arrive(arriving, m.targetShards(), m.tables());
            }
        }
        Move reshard = plan.moves.reshardOf(ks.name());
        if (reshard != null && !reshard.nothingToMove()) {
            String from = firstLiveShard(plan.live, ks.name(), reshard.sourceShards());
            List<String> tables = from == null ? List.of()
                    : plan.live.topology.schema(ks.name(), from).map(s -> s.tables().stream().map(TableDef::name).toList()).orElse(List.of());
            copySchema(plan, ks, reshard, tables);
            arrive(arriving, reshard.targetShards(), tables);
        }

        // Shards of a keyspace mostly hold equal tables: diff each distinct (desired, live) pair once.
        Map<TableDef, Map<TableDef, SchemaDiff.Alter>> alters = new HashMap<>();
        Map<List<String>, List<String>> shardsByStatements = new LinkedHashMap<>();
        Map<List<String>, Boolean> destructive = new HashMap<>();
        Map<List<String>, List<String>> summaries = new HashMap<>();
        Map<TableDef, String> creates = new HashMap<>();
        boolean online = ks.schemaChanges().strategy() == SchemaChanges.Strategy.ONLINE;
        Map<SchemaDiff.Alter, List<String>> onlineAlters = new LinkedHashMap<>();
        Map<SchemaDiff.Alter, TableDef> onlineWanted = new HashMap<>();
        Map<List<String>, Boolean> directAlters = new HashMap<>();
        List<TableDef> settled = null;  // a shard table list found to need nothing: equal lists need nothing either
        for (Shard shard : plan.desiredShards(ks)) {
            List<TableDef> listed = plan.tables.untouched(ks.name(), shard.name());
            if (settled != null && ShardTables.same(listed, settled)) {
                continue;
            }
            boolean changesOnline = false;
            Map<String, TableDef> has = plan.tables.view(ks.name(), shard.name());
            List<String> statements = new ArrayList<>();
            List<String> summary = new ArrayList<>();
            boolean loses = false;
            boolean direct = false;
            for (TableDef t : wanted) {
                String name = t.name().toLowerCase(Locale.ROOT);
                TableDef was = has.get(name);
                if (was == null) {
                    if (!sequenceNames.contains(name)) {
                        statements.add(creates.computeIfAbsent(t, SchemaDiff::createSql));
                        summary.add("create table " + t.name());
                    }
                } else {
                    SchemaDiff.Alter alter = alters.computeIfAbsent(t, x -> new HashMap<>()).computeIfAbsent(was, w -> SchemaDiff.diff(t, w));
                    // empty only while its move has not copied yet: a table a running move fills is live, and changes online
                    // (which the plan refuses until the move completes)
                    boolean empty = !alter.isEmpty() && !arriving.isEmpty()
                            && arriving.contains(shard.name() + "/" + name) && plan.live.table(ks.name(), shard.name(), name).isEmpty();
                    if (!alter.isEmpty() && online && !empty) {
                        onlineAlters.computeIfAbsent(alter, x -> new ArrayList<>()).add(shard.name());
                        onlineWanted.putIfAbsent(alter, t);
                        changesOnline = true;
                    } else if (!alter.isEmpty()) {
                        statements.add(alter.statement());
                        summary.add("alter table " + alter.table());
                        loses |= alter.destructive(); // from the diff's clauses, never from the statement text
                        direct |= !online;
                    }
                }
            }
            if (statements.isEmpty() && !changesOnline) {
                settled = listed;
            }
            if (!statements.isEmpty()) {
                shardsByStatements.computeIfAbsent(statements, s -> new ArrayList<>()).add(shard.name());
                destructive.merge(statements, loses, Boolean::logicalOr);
                directAlters.merge(statements, direct, Boolean::logicalOr);
                summaries.putIfAbsent(statements, summary);
            }
        }
        StepList steps = plan.steps;
        for (Map.Entry<List<String>, List<String>> e : shardsByStatements.entrySet()) {
            List<String> shards = e.getValue();
            List<Mark> deps = new ArrayList<>();
            shards.forEach(s -> {
                deps.add(Mark.ready(ks.name(), s));
                deps.add(Mark.schema(ks.name(), s));
            });
            deps.add(Mark.keyspace(ks.name()));
            boolean loses = destructive.get(e.getKey());
            boolean direct = directAlters.get(e.getKey());
            String sentence = "Apply schema to " + Words.shardList(ks.name(), shards) + ": " + String.join(", ", summaries.get(e.getKey())) + "."
                    + (direct ? " Strategy direct: a plain ALTER TABLE, which blocks writes while MariaDB copies the table." : "")
                    + (loses ? " Drops columns: their data is lost." : "");
            // a direct ALTER of a table of unknown size may block writes for hours: the destroy gate guards it
            ApprovalClass gate = direct ? ApprovalClass.DESTROY : ApprovalClass.NONE;
            int i = steps.add(new Action.ApplySchema(ks.name(), shards, e.getKey()), sentence, loses, gate, steps.marked(deps));
            shards.forEach(s -> steps.mark(Mark.schema(ks.name(), s), i));
        }
        Set<String> altered = new HashSet<>();
        for (Map.Entry<SchemaDiff.Alter, List<String>> e : onlineAlters.entrySet()) {
            OnlineSchemaChanges.add(plan, ks, e.getKey(), onlineWanted.get(e.getKey()), e.getValue());
            altered.add(e.getKey().table().toLowerCase(Locale.ROOT));
        }
        if (online) {
            OnlineSchemaChanges.settle(plan, ks, wanted, altered);
        }
    }

    /** Marks {@code tables} as arriving empty on {@code shards}, as {@code shard/table}. */
    private static void arrive(Set<String> arriving, List<String> shards, List<String> tables) {
        for (String shard : shards) {
            tables.forEach(t -> arriving.add(shard + "/" + t.toLowerCase(Locale.ROOT)));
        }
    }

    private static void copySchema(PlanState plan, Keyspace ks, Move m, List<String> tables) {
        String sourceShard = firstLiveShard(plan.live, m.sourceKeyspace(), m.sourceShards());
        if (sourceShard == null || tables.isEmpty()) {
            return;
        }
        List<String> targets = new ArrayList<>();
        List<String> copied = new ArrayList<>();
        for (String targetShard : m.targetShards()) {
            if (ks.shard(targetShard).isEmpty()) {
                continue;
            }
            Map<String, TableDef> has = plan.tables.of(ks.name(), targetShard);
            boolean missing = false;
            for (String t : tables) {
                String name = t.toLowerCase(Locale.ROOT);
                if (!has.containsKey(name)) {
                    Optional<TableDef> def = plan.live.table(m.sourceKeyspace(), sourceShard, name);
                    if (def.isPresent()) {
                        has.put(name, def.get());
                        missing = true;
                        if (!copied.contains(name)) {
                            copied.add(name);
                        }
                    }
                }
            }
            if (missing) {
                targets.add(targetShard);
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        StepList steps = plan.steps;
        List<Mark> deps = new ArrayList<>();
        targets.forEach(s -> deps.add(Mark.ready(ks.name(), s)));
        deps.add(Mark.keyspace(ks.name()));
        String sentence = "Copy the schema of " + String.join(", ", copied) + " from " + Words.key(m.sourceKeyspace(), sourceShard)
                + " to " + Words.shardList(ks.name(), targets) + ".";
        int i = steps.add(new Action.CopySchema(m.sourceKeyspace(), sourceShard, ks.name(), targets, copied), sentence, steps.marked(deps));
        targets.forEach(s -> steps.mark(Mark.schema(ks.name(), s), i));
    }

    private static String firstLiveShard(LiveView live, String keyspace, List<String> shards) {
        for (ShardRecord s : live.shards(keyspace)) {
            if (shards.contains(s.name())) {
                return s.name();
            }
        }
        return null;
    }
}
