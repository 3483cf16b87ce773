package io.shardops.planner.diff;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.PlanError;
import io.shardops.planner.plan.Step;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Sequence;
import io.shardops.spec.Shard;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.TabletType;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns (desired, live) into ordered steps. The order is fixed by phase, which keeps every dependency
 * pointing backwards: keyspaces, shards and tablets, sequences, schema, VSchema, data moves (copy, verify,
 * switch rdonly, replica, primary, complete), then everything that removes something.
 */
final class PlanBuilder {
    private final Cluster desired;
    private final LiveView live;
    private final List<PlanError> errors;
    private final StepList steps;
    private final List<Move> moves;
    private final Map<String, List<Move>> movesInto = new HashMap<>();
    private final Map<String, List<Move>> movesOutOf = new HashMap<>();
    private final Map<String, Move> reshardOf = new HashMap<>();
    /** Shards ({@code ks/s}) that are a source of a reshard: their end is the move's business. */
    private final Map<String, Move> reshardSource = new HashMap<>();
    private final Map<String, Move> reshardTarget = new HashMap<>();
    /** Per desired shard ({@code ks/s}): the tables it will hold once schema steps ran, by lowercase name. */
    private final Map<String, Map<String, TableDef>> shardTables = new HashMap<>();

    PlanBuilder(Cluster desired, LiveView live, List<PlanError> errors) {
        this.desired = desired;
        this.live = live;
        this.errors = errors;
        this.steps = new StepList(desired.policy());
        this.moves = MoveResolver.resolve(desired, live, errors);
        for (Move m : moves) {
            if (m.kind() == WorkflowKind.MOVE_TABLES) {
                movesInto.computeIfAbsent(m.targetKeyspace(), k -> new ArrayList<>()).add(m);
                movesOutOf.computeIfAbsent(m.sourceKeyspace(), k -> new ArrayList<>()).add(m);
            } else {
                reshardOf.put(m.targetKeyspace(), m);
                m.sourceShards().forEach(s -> reshardSource.put(key(m.sourceKeyspace(), s), m));
                m.targetShards().forEach(s -> reshardTarget.put(key(m.targetKeyspace(), s), m));
            }
        }
    }

    List<Move> moves() {
        return moves;
    }

    List<Step> build() {
        keyspaces();
        for (Keyspace ks : desired.keyspaces()) {
            shardsAndTablets(ks);
        }
        for (Keyspace ks : desired.keyspaces()) {
            sequences(ks);
        }
        for (Keyspace ks : desired.keyspaces()) {
            schema(ks);
        }
        for (Keyspace ks : desired.keyspaces()) {
            vschema(ks);
        }
        for (Move m : moves) {
            move(m);
        }
        for (Keyspace ks : desired.keyspaces()) {
            tabletsDown(ks);
        }
        for (Keyspace ks : desired.keyspaces()) {
            dropTables(ks);
        }
        for (Keyspace ks : desired.keyspaces()) {
            deleteShards(ks);
        }
        deleteKeyspaces();
        return steps.steps();
    }

    // ---- creation ----------------------------------------------------------------------------

    private void keyspaces() {
        for (Keyspace ks : desired.keyspaces()) {
            if (live.hasKeyspace(ks.name())) {
                continue;
            }
            List<ServedFrom> servedFrom = new ArrayList<>();
            String source = null;
            for (Move m : movesInto.getOrDefault(ks.name(), List.of())) {
                if (!m.nothingToMove()) {
                    source = m.sourceKeyspace();
                }
            }
            if (source != null) {
                for (TabletType t : List.of(TabletType.PRIMARY, TabletType.REPLICA, TabletType.RDONLY)) {
                    servedFrom.add(new ServedFrom(t, source));
                }
            }
            String sentence = "Create keyspace " + ks.name()
                    + (source == null ? "." : ", served from " + source + " for primary, replica and rdonly until its tables are moved in.");
            int i = steps.add(new Action.CreateKeyspace(ks.name(), servedFrom), sentence, List.of());
            steps.mark("keyspace:" + ks.name(), i);
        }
        for (Keyspace ks : desired.keyspaces()) {
            if (ks.shards().isEmpty() && !live.shards(ks.name()).isEmpty() && !live.tables(ks.name()).isEmpty()) {
                errors.add(new PlanError("data-outside-destroy", ks.location(),
                        "keyspace " + ks.name() + " lists no shards, which would drop its shards and their tables ("
                                + String.join(", ", live.tables(ks.name()).keySet()) + ") without a destroy step.",
                        "Move its tables elsewhere first, or remove the keyspace from the spec to delete it (a destroy step)."));
            }
        }
    }

    private List<Shard> desiredShards(Keyspace ks) {
        List<Shard> out = new ArrayList<>();
        for (Shard s : ks.shards()) {
            Move m = reshardSource.get(key(ks.name(), s.name()));
            if (m == null || !m.complete()) {
                out.add(s);
            }
        }
        return out;
    }

    private void shardsAndTablets(Keyspace ks) {
        for (Shard shard : desiredShards(ks)) {
            String k = key(ks.name(), shard.name());
            Optional<ShardRecord> liveShard = live.shard(ks.name(), shard.name());
            int replica = shard.tablets().replica();
            int rdonly = shard.tablets().rdonly();
            int[] have = {0, 0};
            boolean hasPrimary = false;
            if (liveShard.isEmpty()) {
                Move target = reshardTarget.get(k);
                boolean serving = target == null || target.nothingToMove();
                String sentence = "Create shard " + k + " (key range " + shard.keyRange().name() + ")"
                        + (serving ? "." : ", not serving until reshard " + target.name() + " switches traffic to it.");
                int i = steps.add(new Action.CreateShard(ks.name(), shard.name(), shard.keyRange().name(), serving), sentence, steps.marked("keyspace:" + ks.name()));
                steps.mark("shard:" + k, i);
            } else {
                have = live.counts(ks.name(), shard.name());
                hasPrimary = liveShard.get().primaryAlias() != null && live.tablets(ks.name(), shard.name()).stream().anyMatch(t -> t.type() == TabletType.PRIMARY);
            }
            int addReplica = Math.max(0, replica - have[0]);
            int addRdonly = Math.max(0, rdonly - have[1]);
            if (addReplica + addRdonly > 0) {
                int i = steps.add(new Action.StartTablets(ks.name(), shard.name(), addReplica, addRdonly),
                        "Start " + tablets(addReplica, addRdonly) + " in " + k + ".", steps.marked("shard:" + k));
                steps.mark("tablets:" + k, i);
                steps.mark("ready:" + k, i);
            }
            if (replica > 0 && !hasPrimary) {
                int i = steps.add(new Action.InitPrimary(ks.name(), shard.name()), "Elect a primary for " + k + " among its replica tablets.",
                        steps.marked("tablets:" + k, "shard:" + k));
                steps.mark("ready:" + k, i);
            }
        }
    }

    private void sequences(Keyspace ks) {
        for (Sequence s : ks.sequences().values()) {
            if (liveTableAnywhere(ks.name(), s.name())) {
                continue;
            }
            List<String> readies = new ArrayList<>();
            desiredShards(ks).forEach(sh -> readies.add("ready:" + key(ks.name(), sh.name())));
            readies.add("keyspace:" + ks.name());
            int i = steps.add(new Action.CreateSequence(ks.name(), s.name(), s.start(), s.cache()),
                    "Create sequence table " + ks.name() + "." + s.name() + " starting at " + s.start() + " (cache " + s.cache() + ").", steps.marked(readies));
            steps.mark("sequence:" + s.name().toLowerCase(Locale.ROOT), i);
            desiredShards(ks).forEach(sh -> steps.mark("schema:" + key(ks.name(), sh.name()), i));
        }
    }

    private boolean liveTableAnywhere(String keyspace, String table) {
        for (ShardRecord s : live.shards(keyspace)) {
            if (live.table(keyspace, s.name(), table).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private void schema(Keyspace ks) {
        Set<String> sequenceNames = new HashSet<>();
        ks.sequences().keySet().forEach(n -> sequenceNames.add(n.toLowerCase(Locale.ROOT)));
        List<TableDef> wanted = TopologyOf.desiredTables(ks);

        // Tables arriving by a move are copied from the source as they are there, before any ALTER.
        for (Move m : movesInto.getOrDefault(ks.name(), List.of())) {
            if (!m.nothingToMove()) {
                copySchema(ks, m, m.tables());
            }
        }
        Move reshard = reshardOf.get(ks.name());
        if (reshard != null && !reshard.nothingToMove()) {
            String from = firstLiveShard(ks.name(), reshard.sourceShards());
            List<String> tables = from == null ? List.of() : live.topology.schema(ks.name(), from).map(s -> s.tables().stream().map(TableDef::name).toList()).orElse(List.of());
            copySchema(ks, reshard, tables);
        }

        // Shards of a keyspace mostly hold equal tables: diff each distinct (desired, live) pair once.
        Map<TableDef, Map<TableDef, SchemaDiff.Alter>> alters = new HashMap<>();
        Map<List<String>, List<String>> shardsByStatements = new LinkedHashMap<>();
        Map<List<String>, Boolean> destructive = new HashMap<>();
        Map<List<String>, List<String>> summaries = new HashMap<>();
        Map<TableDef, String> creates = new HashMap<>();
        for (Shard shard : desiredShards(ks)) {
            Map<String, TableDef> has = tablesView(ks.name(), shard.name());
            List<String> statements = new ArrayList<>();
            List<String> summary = new ArrayList<>();
            boolean loses = false;
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
                    if (!alter.isEmpty()) {
                        statements.add(alter.statement());
                        summary.add("alter table " + alter.table());
                        loses |= alter.destructive(); // from the diff's clauses, never from the statement text
                    }
                }
            }
            if (!statements.isEmpty()) {
                shardsByStatements.computeIfAbsent(statements, s -> new ArrayList<>()).add(shard.name());
                destructive.merge(statements, loses, Boolean::logicalOr);
                summaries.putIfAbsent(statements, summary);
            }
        }
        for (Map.Entry<List<String>, List<String>> e : shardsByStatements.entrySet()) {
            List<String> shards = e.getValue();
            List<String> deps = new ArrayList<>();
            shards.forEach(s -> {
                deps.add("ready:" + key(ks.name(), s));
                deps.add("schema:" + key(ks.name(), s));
            });
            deps.add("keyspace:" + ks.name());
            boolean loses = destructive.get(e.getKey());
            String sentence = "Apply schema to " + shardList(ks.name(), shards) + ": " + String.join(", ", summaries.get(e.getKey())) + "."
                    + (loses ? " Drops columns: their data is lost." : "");
            int i = steps.add(new Action.ApplySchema(ks.name(), shards, e.getKey()), sentence, loses, ApprovalClass.NONE, steps.marked(deps));
            shards.forEach(s -> steps.mark("schema:" + key(ks.name(), s), i));
        }
    }

    private void copySchema(Keyspace ks, Move m, List<String> tables) {
        String sourceShard = firstLiveShard(m.sourceKeyspace(), m.sourceShards());
        if (sourceShard == null || tables.isEmpty()) {
            return;
        }
        List<String> targets = new ArrayList<>();
        List<String> copied = new ArrayList<>();
        for (String targetShard : m.targetShards()) {
            if (ks.shard(targetShard).isEmpty()) {
                continue;
            }
            Map<String, TableDef> has = tablesOf(ks.name(), targetShard);
            boolean missing = false;
            for (String t : tables) {
                String name = t.toLowerCase(Locale.ROOT);
                if (!has.containsKey(name)) {
                    Optional<TableDef> def = live.table(m.sourceKeyspace(), sourceShard, name);
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
        List<String> deps = new ArrayList<>();
        targets.forEach(s -> deps.add("ready:" + key(ks.name(), s)));
        deps.add("keyspace:" + ks.name());
        String sentence = "Copy the schema of " + String.join(", ", copied) + " from " + key(m.sourceKeyspace(), sourceShard) + " to " + shardList(ks.name(), targets) + ".";
        int i = steps.add(new Action.CopySchema(m.sourceKeyspace(), sourceShard, ks.name(), targets, copied), sentence, steps.marked(deps));
        targets.forEach(s -> steps.mark("schema:" + key(ks.name(), s), i));
    }

    /** As {@link #tablesOf} for reading only: no copy unless an earlier step of this plan changed the shard. */
    private Map<String, TableDef> tablesView(String keyspace, String shard) {
        Map<String, TableDef> m = shardTables.get(key(keyspace, shard));
        if (m != null) {
            return m;
        }
        var schema = live.topology.schemas().get(key(keyspace, shard));
        if (schema == null || schema.tables().isEmpty()) {
            return Map.of();
        }
        Map<String, TableDef> out = new HashMap<>(4);
        schema.tables().forEach(t -> out.put(t.name().toLowerCase(Locale.ROOT), t));
        return out;
    }

    /** The tables a shard holds (live, plus what earlier steps of this plan copied there); mutable, per plan. */
    private Map<String, TableDef> tablesOf(String keyspace, String shard) {
        return shardTables.computeIfAbsent(key(keyspace, shard), k -> {
            Map<String, TableDef> m = new LinkedHashMap<>();
            live.topology.schema(keyspace, shard).ifPresent(s -> s.tables().forEach(t -> m.put(t.name().toLowerCase(Locale.ROOT), t)));
            return m;
        });
    }

    private String firstLiveShard(String keyspace, List<String> shards) {
        for (ShardRecord s : live.shards(keyspace)) {
            if (shards.contains(s.name())) {
                return s.name();
            }
        }
        return null;
    }

    private void vschema(Keyspace ks) {
        VSchema want = ks.vschema() == null ? VSchema.EMPTY : ks.vschema();
        if (want.equals(live.vschema(ks.name()))) {
            return;
        }
        List<String> deps = new ArrayList<>();
        deps.add("keyspace:" + ks.name());
        for (Shard s : desiredShards(ks)) {
            deps.add("schema:" + key(ks.name(), s.name()));
            deps.add("ready:" + key(ks.name(), s.name()));
        }
        for (VSchema.Table t : want.tables().values()) {
            if (t.autoIncrement() != null) {
                deps.add("sequence:" + t.autoIncrement().sequence().toLowerCase(Locale.ROOT));
            }
        }
        int i = steps.add(new Action.ApplyVSchema(ks.name(), want), "Apply the VSchema of " + ks.name() + ": " + VSchemaText.summary(want) + ".", steps.marked(deps));
        steps.mark("vschema:" + ks.name(), i);
    }

    // ---- data moves ---------------------------------------------------------------------------

    private void move(Move m) {
        if (m.nothingToMove()) {
            return;
        }
        String what = m.kind() == WorkflowKind.MOVE_TABLES ? String.join(", ", m.tables()) : "rows of " + m.targetKeyspace();
        String from = shardList(m.sourceKeyspace(), m.sourceShards());
        String to = shardList(m.targetKeyspace(), m.targetShards());
        int last = -1;
        if (m.copy() && !m.liveCopyStarted()) {
            List<String> deps = new ArrayList<>();
            for (String s : m.targetShards()) {
                deps.add("ready:" + key(m.targetKeyspace(), s));
                deps.add("schema:" + key(m.targetKeyspace(), s));
            }
            String sentence = "Start " + m.kind().word() + " " + m.name() + ": copy " + what + " from " + from + " to " + to
                    + (m.kind() == WorkflowKind.RESHARD ? " by key range" : "") + ", then keep them caught up from the binlog.";
            last = steps.add(new Action.StartCopy(m.name(), m.kind(), m.sourceKeyspace(), m.sourceShards(), m.targetKeyspace(), m.targetShards(), m.tables()),
                    sentence, steps.marked(deps));
        }
        if (m.copy() && !m.liveVerified()) {
            last = steps.add(new Action.VerifyDiff(m.name()), "Verify that " + what + " in " + to + " match " + from + " row for row (diff while the streams run).",
                    deps(last));
        }
        List<TabletType> liveSwitched = m.liveSwitched();
        for (TabletType t : Move.ALL_TYPES) {
            if (m.switched().contains(t) && !liveSwitched.contains(t)) {
                List<Integer> deps = deps(last);
                deps.addAll(steps.marked("vschema:" + m.sourceKeyspace(), "vschema:" + m.targetKeyspace()));
                String sentence = switchSentence(m, t, false);
                last = steps.add(new Action.SwitchTraffic(m.name(), List.of(t)), sentence, false,
                        t == TabletType.PRIMARY ? ApprovalClass.SWITCH_PRIMARY : ApprovalClass.NONE, deps);
                if (t == TabletType.PRIMARY) {
                    steps.mark("primary-switched:" + m.name(), last);
                }
            }
        }
        List<TabletType> reversed = new ArrayList<>(Move.ALL_TYPES);
        java.util.Collections.reverse(reversed);
        for (TabletType t : reversed) {
            if (liveSwitched.contains(t) && !m.switched().contains(t)) {
                last = steps.add(new Action.ReverseTraffic(m.name(), List.of(t)), switchSentence(m, t, true), false,
                        t == TabletType.PRIMARY ? ApprovalClass.SWITCH_PRIMARY : ApprovalClass.NONE, deps(last));
            }
        }
        if (m.completesNow()) {
            List<Integer> deps = deps(last);
            if (m.kind() == WorkflowKind.MOVE_TABLES) {
                int controls = steps.add(new Action.RemoveTabletControls(m.sourceKeyspace(), m.sourceShards(), m.tables()),
                        "Remove the tablet controls that deny " + what + " on " + from + ".", deps);
                int drop = steps.add(new Action.DropTables(m.sourceKeyspace(), m.sourceShards(), m.tables()),
                        "Drop " + what + " from " + from + ": they now live in " + m.targetKeyspace() + ".", true, ApprovalClass.DESTROY, List.of(controls));
                last = steps.add(new Action.CompleteMigration(m.name()), "Mark " + m.kind().word() + " " + m.name() + " complete.", List.of(controls, drop));
            } else {
                List<Integer> done = new ArrayList<>(deps);
                for (String s : m.sourceShards()) {
                    if (live.shard(m.sourceKeyspace(), s).isEmpty()) {
                        continue;
                    }
                    List<Integer> shardDeps = new ArrayList<>(deps);
                    List<TabletRecord> running = live.tablets(m.sourceKeyspace(), s);
                    if (!running.isEmpty()) {
                        int stop = stopTablets(m.sourceKeyspace(), s, running, " (its rows now live in " + String.join(", ", m.targetShards()) + ")", deps);
                        shardDeps.add(stop);
                        done.add(stop);
                    }
                    done.add(steps.add(new Action.DeleteShard(m.sourceKeyspace(), s), "Delete shard " + key(m.sourceKeyspace(), s)
                            + " from the topology: reshard " + m.name() + " moved its rows to " + String.join(", ", m.targetShards()) + ".", true, ApprovalClass.DESTROY, shardDeps));
                }
                last = steps.add(new Action.CompleteMigration(m.name()), "Mark " + m.kind().word() + " " + m.name() + " complete.", done);
            }
        }
        if (last > 0) {
            steps.mark("move:" + m.name(), last);
            steps.mark("move-from:" + m.sourceKeyspace(), last);
        }
    }

    private static String switchSentence(Move m, TabletType t, boolean back) {
        String verb = back ? "Switch " + t.word() + " traffic back" : "Switch " + t.word() + " traffic";
        String tail = t == TabletType.PRIMARY ? (back ? "; writes go to the source again." : "; writes go to the target and the source stops taking them.") : ".";
        if (m.kind() == WorkflowKind.MOVE_TABLES) {
            return verb + " for " + String.join(", ", m.tables()) + (back ? " from " + m.targetKeyspace() + " to " + m.sourceKeyspace() : " from " + m.sourceKeyspace() + " to " + m.targetKeyspace()) + tail;
        }
        String a = String.join(", ", m.sourceShards());
        String b = String.join(", ", m.targetShards());
        return verb + " of " + m.targetKeyspace() + (back ? " from " + b + " to " + a : " from " + a + " to " + b) + tail;
    }

    private static List<Integer> deps(int last) {
        List<Integer> d = new ArrayList<>();
        if (last > 0) {
            d.add(last);
        }
        return d;
    }

    // ---- removal ------------------------------------------------------------------------------

    /** Tablet types a shard serves once this plan is done. */
    private Set<TabletType> servingAfter(String keyspace, String shard) {
        Move m = reshardSource.get(key(keyspace, shard));
        if (m != null && !m.nothingToMove()) {
            Set<TabletType> s = EnumSet.allOf(TabletType.class);
            m.switched().forEach(s::remove);
            return m.complete() ? Set.of() : s;
        }
        return live.servingTypes(keyspace, shard);
    }

    private void tabletsDown(Keyspace ks) {
        for (Shard shard : desiredShards(ks)) {
            if (live.shard(ks.name(), shard.name()).isEmpty()) {
                continue;
            }
            List<TabletRecord> have = live.tablets(ks.name(), shard.name());
            int dropReplica = Math.max(0, (int) have.stream().filter(t -> t.type() != TabletType.RDONLY).count() - shard.tablets().replica());
            int dropRdonly = Math.max(0, (int) have.stream().filter(t -> t.type() == TabletType.RDONLY).count() - shard.tablets().rdonly());
            if (dropReplica + dropRdonly == 0) {
                continue;
            }
            String k = key(ks.name(), shard.name());
            if (!shard.tablets().running()) {
                Set<TabletType> serving = servingAfter(ks.name(), shard.name());
                if (!serving.isEmpty()) {
                    errors.add(new PlanError("shard-still-serving", ks.location(),
                            "shard " + k + " would have no tablets while it still serves " + typeWords(serving) + " traffic.",
                            "Move its traffic away first (a reshard or a MoveTables that switches primary), or keep at least one replica."));
                    continue;
                }
            }
            List<TabletRecord> victims = new ArrayList<>();
            have.stream().filter(t -> t.type() == TabletType.RDONLY).limit(dropRdonly).forEach(victims::add);
            have.stream().filter(t -> t.type() == TabletType.REPLICA).limit(dropReplica).forEach(victims::add);
            long primaries = victims.stream().filter(t -> t.type() != TabletType.RDONLY).count();
            if (primaries < dropReplica) {
                have.stream().filter(t -> t.type() == TabletType.PRIMARY).limit(dropReplica - primaries).forEach(victims::add);
            }
            Move m = reshardSource.get(k);
            List<Integer> deps = m == null ? List.of() : steps.marked("primary-switched:" + m.name(), "move:" + m.name());
            stopTablets(ks.name(), shard.name(), victims, shard.tablets().running() ? "" : " (the shard no longer serves traffic)", deps);
        }
    }

    private int stopTablets(String keyspace, String shard, List<TabletRecord> victims, String why, List<Integer> deps) {
        int replica = (int) victims.stream().filter(t -> t.type() != TabletType.RDONLY).count();
        int rdonly = victims.size() - replica;
        List<String> aliases = victims.stream().map(TabletRecord::alias).sorted().toList();
        return steps.add(new Action.StopTablets(keyspace, shard, replica, rdonly, aliases),
                "Stop " + tablets(replica, rdonly) + " of " + key(keyspace, shard) + why + ".", deps);
    }

    private void dropTables(Keyspace ks) {
        Set<String> wanted = new HashSet<>();
        TopologyOf.desiredTables(ks).forEach(t -> wanted.add(t.name().toLowerCase(Locale.ROOT)));
        Set<String> leaving = new HashSet<>();
        for (Move m : movesOutOf.getOrDefault(ks.name(), List.of())) {
            leaving.addAll(m.tables());
        }
        Map<String, List<String>> shardsByTable = new LinkedHashMap<>();
        for (Shard shard : desiredShards(ks)) {
            for (String t : tablesView(ks.name(), shard.name()).keySet()) {
                if (!wanted.contains(t) && !leaving.contains(t)) {
                    shardsByTable.computeIfAbsent(t, x -> new ArrayList<>()).add(shard.name());
                }
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
                errors.add(new PlanError("table-still-serving", ks.location(),
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
        steps.add(new Action.DropTables(ks.name(), shardList, tables),
                "Drop " + String.join(", ", tables) + " from " + shardList(ks.name(), shardList) + ": no longer declared; their data is lost.",
                true, ApprovalClass.DESTROY, steps.marked("vschema:" + ks.name()));
    }

    private void deleteShards(Keyspace ks) {
        Set<String> keep = new HashSet<>();
        ks.shards().forEach(s -> keep.add(s.name()));
        for (ShardRecord s : live.shards(ks.name())) {
            if (keep.contains(s.name()) || reshardSource.containsKey(s.key())) {
                continue;
            }
            Set<TabletType> serving = live.servingTypes(ks.name(), s.name());
            if (!serving.isEmpty() && !ks.shards().isEmpty()) {
                errors.add(new PlanError("shard-still-serving", ks.location(),
                        "shard " + s.key() + " is gone from the spec but still serves " + typeWords(serving) + " traffic.",
                        "Reshard its rows away first: list both shard sets and a reshard migration, and delete the shard once it is complete."));
                continue;
            }
            deleteShard(s, List.of());
        }
    }

    private int deleteShard(ShardRecord s, List<Integer> after) {
        List<Integer> deps = new ArrayList<>(after);
        List<TabletRecord> running = live.tablets(s.keyspace(), s.name());
        if (!running.isEmpty()) {
            deps.add(stopTablets(s.keyspace(), s.name(), running, "", after));
        }
        boolean data = live.topology.schema(s.keyspace(), s.name()).map(x -> !x.tables().isEmpty()).orElse(false);
        return steps.add(new Action.DeleteShard(s.keyspace(), s.name()), "Delete shard " + s.key() + " from the topology" + (data ? "; the data on it is lost." : "."),
                true, ApprovalClass.DESTROY, deps);
    }

    private void deleteKeyspaces() {
        Set<String> wanted = new HashSet<>();
        desired.keyspaces().forEach(k -> wanted.add(k.name()));
        for (String name : live.topology.keyspaces().keySet()) {
            if (wanted.contains(name)) {
                continue;
            }
            boolean stillSource = false;
            for (Move m : moves) {
                if (m.sourceKeyspace().equals(name) && !m.complete()) {
                    stillSource = true;
                }
            }
            if (stillSource) {
                errors.add(new PlanError("table-still-serving", SourceLocation.UNKNOWN,
                        "keyspace " + name + " is gone from the spec but a move still reads from it.",
                        "Complete the move first, then remove the keyspace."));
                continue;
            }
            List<Integer> after = steps.marked("move-from:" + name);
            List<Integer> deps = new ArrayList<>(after);
            for (ShardRecord s : live.shards(name)) {
                deps.add(deleteShard(s, after));
            }
            steps.add(new Action.DeleteKeyspace(name), "Delete keyspace " + name + " and its VSchema from the topology.", true, ApprovalClass.DESTROY, deps);
        }
    }

    // ---- words --------------------------------------------------------------------------------

    static String key(String keyspace, String shard) {
        return keyspace + "/" + shard;
    }

    static String tablets(int replica, int rdonly) {
        int n = replica + rdonly;
        List<String> parts = new ArrayList<>();
        if (replica > 0) {
            parts.add(replica + " replica");
        }
        if (rdonly > 0) {
            parts.add(rdonly + " rdonly");
        }
        return n + (n == 1 ? " tablet" : " tablets") + " (" + String.join(", ", parts) + ")";
    }

    /** {@code customer/0} or {@code customer/-80, 80-}; long lists are shortened for people (the action keeps all). */
    static String shardList(String keyspace, List<String> shards) {
        if (shards.size() > 4) {
            return keyspace + "/" + shards.get(0) + " … " + shards.get(shards.size() - 1) + " (" + shards.size() + " shards)";
        }
        return keyspace + "/" + String.join(", ", shards);
    }

    private static String typeWords(Set<TabletType> types) {
        List<String> out = new ArrayList<>();
        for (TabletType t : Move.ALL_TYPES) {
            if (types.contains(t)) {
                out.add(t.word());
            }
        }
        return String.join(", ", out);
    }
}
