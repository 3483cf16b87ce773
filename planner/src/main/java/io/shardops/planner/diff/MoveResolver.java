package io.shardops.planner.diff;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Migration;
import io.shardops.spec.Problem;
import io.shardops.spec.Shard;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.TabletType;
import io.shardops.spec.schema.TableDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the data moves a plan must run: the spec's {@code migrations}, half-done workflows the spec no
 * longer names, and moves inferred from a layout change (a table declared in another keyspace than where
 * it lives; a keyspace whose shard list changed). Refuses moves that would go backwards or skip a stage.
 */
final class MoveResolver {
    private final Cluster desired;
    private final LiveView live;
    private final List<Problem> errors;
    private final List<Move> moves = new ArrayList<>();
    private final Set<String> movedTables = new HashSet<>();
    private final Set<String> reshardedKeyspaces = new HashSet<>();

    private MoveResolver(Cluster desired, LiveView live, List<Problem> errors) {
        this.desired = desired;
        this.live = live;
        this.errors = errors;
    }

    static List<Move> resolve(Cluster desired, LiveView live, List<Problem> errors) {
        MoveResolver r = new MoveResolver(desired, live, errors);
        desired.migrations().forEach(r::explicit);
        r.continueOrphans();
        r.inferMoveTables();
        r.inferReshards();
        return r.moves;
    }

    private void explicit(Migration m) {
        WorkflowRecord w = live.topology.workflows().get(m.name());
        SourceLocation at = m.location();
        checkStages(m.name(), m.copy(), m.switchTraffic(), m.complete(), at);
        Move move = switch (m.move()) {
            case Migration.MoveTables mt -> moveTables(m, mt, w, at);
            case Migration.Reshard r -> reshard(m, r, w, at);
        };
        if (w != null) {
            checkAgainstLive(move, w, at);
        }
        for (WorkflowRecord other : live.topology.workflows().values()) {
            boolean sameTarget = other.targetKeyspace().equals(move.targetKeyspace()) && other.kind() == move.kind();
            if (sameTarget && !other.name().equals(m.name()) && other.stage() != WorkflowStage.COMPLETED) {
                errors.add(Problem.at(at, "half-done-move",
                        "migration " + m.name() + " starts a " + move.kind().word() + " into " + move.targetKeyspace() + " while workflow " + other.name()
                                + " is half done (" + liveDescription(other) + ").",
                        "Finish " + other.name() + " first (keep its migrations entry until it is complete), then start the next move."));
            }
        }
        moves.add(move);
    }

    private Move moveTables(Migration m, Migration.MoveTables mt, WorkflowRecord w, SourceLocation at) {
        List<String> sourceShards = liveOrDesiredShards(mt.from());
        List<String> targetShards = desiredShardNames(mt.to());
        boolean nothing = w == null && mt.tables().stream().noneMatch(t -> liveTableIn(mt.from(), t));
        Move move = new Move(m.name(), WorkflowKind.MOVE_TABLES, mt.from(), sourceShards, mt.to(), targetShards, lower(mt.tables()),
                m.copy(), m.switchTraffic(), m.complete(), true, nothing, w, at);
        mt.tables().forEach(t -> movedTables.add(key(t)));
        if (m.copy() && targetShards.isEmpty() && !nothing) {
            errors.add(Problem.at(at, "move-without-target",
                    "migration " + m.name() + " copies " + String.join(", ", mt.tables()) + " into keyspace " + mt.to() + ", which has no shards.",
                    "Give " + mt.to() + " its shards first, or set copy: false."));
        }
        return move;
    }

    private Move reshard(Migration m, Migration.Reshard r, WorkflowRecord w, SourceLocation at) {
        reshardedKeyspaces.add(r.keyspace());
        boolean nothing = w == null && r.from().stream().noneMatch(s -> live.shard(r.keyspace(), s).isPresent());
        Move move = new Move(m.name(), WorkflowKind.RESHARD, r.keyspace(), r.from(), r.keyspace(), r.to(), List.of(),
                m.copy(), m.switchTraffic(), m.complete(), true, nothing, w, at);
        Keyspace ks = desired.keyspace(r.keyspace()).orElse(null);
        if (ks != null && !m.complete()) {
            for (String from : r.from()) {
                if (ks.shard(from).isEmpty() && live.shard(r.keyspace(), from).isPresent()) {
                    errors.add(Problem.at(ks.location(), "shard-still-serving",
                            "shard " + r.keyspace() + "/" + from + " is left out of keyspace " + r.keyspace() + " while reshard " + m.name()
                                    + " still needs it: it serves traffic until the reshard is complete.",
                            "Keep it in the shard list until the migration says complete: true."));
                }
            }
        }
        return move;
    }

    private void checkStages(String name, boolean copy, List<TabletType> switched, boolean complete, SourceLocation at) {
        if (!switched.equals(Move.ALL_TYPES.subList(0, Math.min(switched.size(), 3)))) {
            errors.add(Problem.at(at, "skipped-traffic-stage",
                    "migration " + name + " switches " + words(switched) + ": traffic switches in the order rdonly, replica, primary, without skipping one.",
                    "Write a prefix of [rdonly, replica, primary]."));
        } else if (!switched.isEmpty() && !copy) {
            errors.add(Problem.at(at, "skipped-traffic-stage",
                    "migration " + name + " switches " + words(switched) + " traffic before its data is copied.",
                    "Set copy: true first (the copy is verified before any switch)."));
        }
        if (complete && !switched.contains(TabletType.PRIMARY)) {
            errors.add(Problem.at(at, "skipped-traffic-stage",
                    "migration " + name + " is marked complete before primary traffic is switched: completing drops the source while it still serves.",
                    "Switch rdonly, replica and primary first (switchTraffic: [rdonly, replica, primary])."));
        }
    }

    private void checkAgainstLive(Move move, WorkflowRecord w, SourceLocation at) {
        boolean sameMove = w.kind() == move.kind() && w.sourceKeyspace().equals(move.sourceKeyspace()) && w.targetKeyspace().equals(move.targetKeyspace())
                && (move.kind() == WorkflowKind.MOVE_TABLES ? new HashSet<>(lower(w.tables())).equals(new HashSet<>(move.tables()))
                        : new HashSet<>(w.sourceShards()).equals(new HashSet<>(move.sourceShards())) && new HashSet<>(w.targetShards()).equals(new HashSet<>(move.targetShards())));
        if (!sameMove) {
            errors.add(Problem.at(at, "half-done-move",
                    "migration " + move.name() + " now describes " + move.describe() + ", but the live workflow of that name is " + liveDescription(w) + ".",
                    "A running move cannot be redirected: finish or reverse it under its old definition, then start a new migration with another name."));
            return;
        }
        if (w.stage() == WorkflowStage.COMPLETED && !move.complete()) {
            errors.add(Problem.at(at, "half-done-move", "migration " + move.name() + " is already complete; it cannot be taken back to an earlier stage.",
                    "Set complete: true, or remove the entry."));
        } else if (w.stage().atLeast(WorkflowStage.COPYING) && !move.copy()) {
            errors.add(Problem.at(at, "half-done-move", "migration " + move.name() + " has already copied its data; copy: false would undo a stage that cannot be undone.",
                    "Keep copy: true; to abandon the move, reverse its traffic switches first."));
        }
        if (move.kind() == WorkflowKind.MOVE_TABLES && w.switched(TabletType.PRIMARY) && !move.switched().contains(TabletType.PRIMARY)) {
            errors.add(Problem.at(at, "half-done-move", "migration " + move.name() + " has switched primary traffic, and a MoveTables primary switch is one-way.",
                    "Keep primary in switchTraffic and complete the move."));
        }
    }

    /** Live workflows not yet complete that the spec no longer names: finish them if the layout still asks for them. */
    private void continueOrphans() {
        for (WorkflowRecord w : live.topology.workflows().values()) {
            if (w.stage() == WorkflowStage.COMPLETED || desired.migration(w.name()).isPresent()) {
                continue;
            }
            boolean layoutWantsIt;
            if (w.kind() == WorkflowKind.MOVE_TABLES) {
                Keyspace target = desired.keyspace(w.targetKeyspace()).orElse(null);
                Keyspace source = desired.keyspace(w.sourceKeyspace()).orElse(null);
                layoutWantsIt = target != null && w.tables().stream().allMatch(t -> target.table(t).isPresent())
                        && (source == null || w.tables().stream().noneMatch(t -> source.table(t).isPresent()));
            } else {
                Keyspace ks = desired.keyspace(w.targetKeyspace()).orElse(null);
                layoutWantsIt = ks != null && w.targetShards().stream().allMatch(s -> ks.shard(s).isPresent());
            }
            SourceLocation at = desired.keyspace(w.targetKeyspace()).map(Keyspace::location).orElse(SourceLocation.UNKNOWN);
            if (!layoutWantsIt) {
                errors.add(Problem.at(at, "half-done-move",
                        "workflow " + w.name() + " is half done (" + liveDescription(w) + ") and the spec neither names it nor describes its end layout.",
                        "Put its migrations entry back and finish it or reverse its traffic switches before changing the layout."));
                continue;
            }
            moves.add(new Move(w.name(), w.kind(), w.sourceKeyspace(), w.sourceShards(), w.targetKeyspace(), w.targetShards(), lower(w.tables()),
                    true, Move.ALL_TYPES, true, false, false, w, at));
            if (w.kind() == WorkflowKind.MOVE_TABLES) {
                w.tables().forEach(t -> movedTables.add(key(t)));
            } else {
                reshardedKeyspaces.add(w.targetKeyspace());
            }
        }
    }

    private void inferMoveTables() {
        Map<String, List<String>> bySourceAndTarget = new LinkedHashMap<>();
        for (Keyspace target : desired.keyspaces()) {
            for (TableDef t : target.tables()) {
                String table = key(t.name());
                if (t.isSequence() || movedTables.contains(table) || liveTableIn(target.name(), table)) {
                    continue;
                }
                for (String source : live.topology.keyspaces().keySet()) {
                    if (source.equals(target.name()) || !liveTableIn(source, table)) {
                        continue;
                    }
                    boolean stillDeclaredThere = desired.keyspace(source).map(k -> k.table(table).isPresent()).orElse(false);
                    if (!stillDeclaredThere) {
                        bySourceAndTarget.computeIfAbsent(source + "\u0000" + target.name(), k -> new ArrayList<>()).add(table);
                        movedTables.add(table);
                        break;
                    }
                }
            }
        }
        for (Map.Entry<String, List<String>> e : bySourceAndTarget.entrySet()) {
            String[] st = e.getKey().split("\u0000");
            Keyspace target = desired.keyspace(st[1]).orElseThrow();
            moves.add(new Move(freeName(st[0] + "2" + st[1]), WorkflowKind.MOVE_TABLES, st[0], liveShardNames(st[0]), st[1], desiredShardNames(st[1]), e.getValue(),
                    true, Move.ALL_TYPES, true, false, false, null, target.location()));
        }
    }

    private void inferReshards() {
        for (Keyspace ks : desired.keyspaces()) {
            if (reshardedKeyspaces.contains(ks.name()) || ks.shards().isEmpty()) {
                continue;
            }
            List<String> liveNames = liveShardNames(ks.name());
            if (liveNames.isEmpty() || live.tables(ks.name()).isEmpty()) {
                continue;
            }
            Set<String> desiredNames = new HashSet<>(desiredShardNames(ks.name()));
            List<String> from = liveNames.stream().filter(s -> !desiredNames.contains(s)).toList();
            Set<String> liveSet = new HashSet<>(liveNames);
            List<String> to = desiredShardNames(ks.name()).stream().filter(s -> !liveSet.contains(s)).toList();
            if (from.isEmpty() || to.isEmpty()) {
                continue;
            }
            moves.add(new Move(freeName(ks.name() + "-reshard"), WorkflowKind.RESHARD, ks.name(), from, ks.name(), to, List.of(),
                    true, Move.ALL_TYPES, true, false, false, null, ks.location()));
        }
    }

    /**
     * An inferred move's workflow name: {@code base}, or {@code base-2}, {@code base-3}, ... where the topology keeps an
     * earlier move of that name (complete: a half-done one is continued as it is, never inferred again) or the spec
     * names a migration so. A merge back after a split is a new move, and must not be read as the finished split.
     */
    private String freeName(String base) {
        String name = base;
        for (int n = 2; live.topology.workflows().containsKey(name) || desired.migration(name).isPresent(); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private boolean liveTableIn(String keyspace, String table) {
        for (ShardRecord s : live.shards(keyspace)) {
            if (live.table(keyspace, s.name(), table).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private List<String> liveShardNames(String keyspace) {
        return live.shards(keyspace).stream().map(ShardRecord::name).toList();
    }

    private List<String> liveOrDesiredShards(String keyspace) {
        List<String> l = liveShardNames(keyspace);
        return l.isEmpty() ? desiredShardNames(keyspace) : l;
    }

    private List<String> desiredShardNames(String keyspace) {
        return desired.keyspace(keyspace).map(k -> k.shards().stream().map(Shard::name).toList()).orElse(List.of());
    }

    static String liveDescription(WorkflowRecord w) {
        String what = w.kind() == WorkflowKind.MOVE_TABLES
                ? "MoveTables of " + String.join(", ", w.tables()) + " from " + w.sourceKeyspace() + " to " + w.targetKeyspace()
                : "Reshard of " + w.sourceKeyspace() + " from " + String.join(", ", w.sourceShards()) + " to " + String.join(", ", w.targetShards());
        String switched = w.switchedTabletTypes().isEmpty() ? "no traffic switched" : words(w.switchedTabletTypes()) + " switched";
        return what + ", " + w.stage().name().toLowerCase(Locale.ROOT) + ", " + switched;
    }

    static String words(List<TabletType> types) {
        return types.isEmpty() ? "no tablet types" : String.join(", ", types.stream().map(TabletType::word).toList());
    }

    private static List<String> lower(List<String> l) {
        return l.stream().map(MoveResolver::key).toList();
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
