package io.shardops.planner.diff;

import io.shardops.planner.plan.Change;
import io.shardops.planner.plan.ChangeAction;
import io.shardops.planner.plan.FieldChange;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.TabletControl;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Shard;
import io.shardops.spec.TabletType;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The object-level changes of a plan, for its summary: the topology the desired spec describes once
 * applied, compared field by field with the live one. Display only; steps are decided elsewhere.
 */
final class ObjectDiff {
    private final Cluster cluster;
    private final Topology want;
    private final LiveView live;
    private final Map<String, List<ShardRecord>> wantShards = new LinkedHashMap<>();
    /** Keyspace, then shard name: found without building a {@code ks/shard} key per shard. */
    private final Map<String, Map<String, int[]>> wantCounts = new HashMap<>();
    private final Map<String, Map<String, ShardSchema>> wantSchemas = new HashMap<>();
    private final List<Change> out = new ArrayList<>();

    private ObjectDiff(Cluster cluster, LiveView live) {
        this.cluster = cluster;
        this.want = TopologyOf.withoutTablets(cluster);
        this.live = live;
        for (ShardRecord s : want.shards().values()) {
            wantShards.computeIfAbsent(s.keyspace(), k -> new ArrayList<>()).add(s);
        }
        for (Keyspace ks : cluster.keyspaces()) {
            Map<String, int[]> counts = wantCounts.computeIfAbsent(ks.name(), k -> new HashMap<>());
            for (Shard s : ks.shards()) {
                counts.put(s.name(), new int[] {s.tablets().replica(), s.tablets().rdonly()});
            }
        }
        for (ShardSchema s : want.schemas().values()) {
            wantSchemas.computeIfAbsent(s.keyspace(), k -> new HashMap<>()).put(s.shard(), s);
        }
    }

    static List<Change> of(Cluster desired, LiveView live, List<Move> moves) {
        ObjectDiff c = new ObjectDiff(desired, live);
        c.keyspaces();
        c.shards();
        c.tables(moves);
        c.vschemas();
        c.migrations(moves);
        return c.out;
    }

    private void keyspaces() {
        for (KeyspaceRecord k : want.keyspaces().values()) {
            KeyspaceRecord was = live.topology.keyspaces().get(k.name());
            if (was == null) {
                List<FieldChange> f = new ArrayList<>();
                if (!k.servedFrom().isEmpty()) {
                    f.add(new FieldChange("served_from", null, servedFrom(k.servedFrom())));
                }
                if (k.backup() != null) {
                    f.add(new FieldChange("backup", null, k.backup().describe()));
                }
                out.add(new Change(ChangeAction.CREATE, "keyspace", k.name(), f, ""));
            } else {
                List<FieldChange> f = new ArrayList<>();
                if (!sameServedFrom(was.servedFrom(), k.servedFrom())) {
                    f.add(new FieldChange("served_from", orNull(servedFrom(was.servedFrom())), orNull(servedFrom(k.servedFrom()))));
                }
                if (!Objects.equals(was.backup(), k.backup())) {
                    f.add(new FieldChange("backup", was.backup() == null ? null : was.backup().describe(),
                            k.backup() == null ? null : k.backup().describe()));
                }
                if (!f.isEmpty()) {
                    out.add(new Change(ChangeAction.UPDATE, "keyspace", k.name(), f, ""));
                }
            }
        }
        for (KeyspaceRecord k : live.topology.keyspaces().values()) {
            if (!want.keyspaces().containsKey(k.name())) {
                out.add(new Change(ChangeAction.DELETE, "keyspace", k.name(), List.of(), ""));
            }
        }
    }

    private void shards() {
        Map<String, Set<String>> wantShardNames = new HashMap<>();
        want.shards().values().forEach(s -> wantShardNames.computeIfAbsent(s.keyspace(), k -> new HashSet<>()).add(s.name()));
        for (Map.Entry<String, List<ShardRecord>> e : wantShards.entrySet()) {
            Map<String, int[]> counts = wantCounts.getOrDefault(e.getKey(), Map.of());
            for (ShardRecord s : e.getValue()) {
                int[] n = counts.getOrDefault(s.name(), new int[2]);
                LiveShard had = live.at(s.keyspace(), s.name());
                ShardRecord was = had.record();
                if (was == null) {
                    List<FieldChange> f = new ArrayList<>();
                    f.add(new FieldChange("key_range", null, s.keyRange().name()));
                    f.add(new FieldChange("tablets", null, counts(n)));
                    if (!s.primaryServing()) {
                        f.add(new FieldChange("primary_serving", null, "false"));
                    }
                    if (s.durability() != null) {
                        f.add(new FieldChange("durability", null, s.durability()));
                    }
                    out.add(new Change(ChangeAction.CREATE, "shard", s.key(), f, ""));
                    continue;
                }
                List<FieldChange> f = new ArrayList<>();
                if (had.replica() != n[0] || had.rdonly() != n[1]) {
                    f.add(new FieldChange("tablets", counts(new int[] {had.replica(), had.rdonly()}), counts(n)));
                }
                if (s.durability() != null && !s.durability().equals(was.durabilityOrNone())) {
                    f.add(new FieldChange("durability", was.durabilityOrNone(), s.durability()));
                }
                if (was.primaryServing() != s.primaryServing()) {
                    f.add(new FieldChange("primary_serving", String.valueOf(was.primaryServing()), String.valueOf(s.primaryServing())));
                }
                boolean sameControls = was.tabletControls().equals(s.tabletControls());
                String controlsBefore = sameControls ? "" : controls(was.tabletControls());
                String controlsAfter = sameControls ? "" : controls(s.tabletControls());
                if (!controlsBefore.equals(controlsAfter)) {
                    f.add(new FieldChange("tablet_controls", orNull(controlsBefore), orNull(controlsAfter)));
                }
                if (!f.isEmpty()) {
                    out.add(new Change(ChangeAction.UPDATE, "shard", s.key(), f, ""));
                }
            }
        }
        for (ShardRecord s : live.topology.shards().values()) {
            if (!wantShardNames.getOrDefault(s.keyspace(), Set.of()).contains(s.name())) {
                out.add(new Change(ChangeAction.DELETE, "shard", s.key(), List.of(), ""));
            }
        }
    }

    private Map<String, TableDef> wantTables(String keyspace) {
        Map<String, TableDef> m = new LinkedHashMap<>();
        Map<String, ShardSchema> schemas = wantSchemas.getOrDefault(keyspace, Map.of());
        List<TableDef> previous = null;
        for (ShardRecord s : wantShards.getOrDefault(keyspace, List.of())) {
            ShardSchema schema = schemas.get(s.name());
            // shards mostly hold the same list: a list seen just before adds nothing
            if (schema != null && schema.tables() != previous) {
                schema.tables().forEach(t -> m.putIfAbsent(t.name().toLowerCase(Locale.ROOT), t));
                previous = schema.tables();
            }
        }
        return m;
    }

    private void tables(List<Move> moves) {
        Map<String, String> movedTo = new HashMap<>();
        Map<String, String> movedFrom = new HashMap<>();
        for (Move m : moves) {
            if (m.kind() == WorkflowKind.MOVE_TABLES && !m.nothingToMove()) {
                m.tables().forEach(t -> {
                    movedTo.put(m.sourceKeyspace() + "." + t, m.targetKeyspace());
                    movedFrom.put(m.targetKeyspace() + "." + t, m.sourceKeyspace());
                });
            }
        }
        List<String> keyspaces = new ArrayList<>(want.keyspaces().keySet());
        live.topology.keyspaces().keySet().stream().filter(k -> !want.keyspaces().containsKey(k)).forEach(keyspaces::add);
        for (String ks : keyspaces) {
            Map<String, TableDef> after = wantTables(ks);
            Map<String, TableDef> before = live.tables(ks);
            for (TableDef t : after.values()) {
                String name = ks + "." + t.name();
                TableDef was = before.get(t.name().toLowerCase(Locale.ROOT));
                String type = t.isSequence() ? "sequence" : "table";
                if (was == null) {
                    String from = movedFrom.get(name.toLowerCase(Locale.ROOT));
                    List<FieldChange> fields = t.isSequence() ? sequenceFields(ks, t.name()) : SchemaDiff.created(t);
                    out.add(new Change(ChangeAction.CREATE, type, name, fields, from == null ? "" : "moved from " + from));
                } else {
                    SchemaDiff.Alter alter = SchemaDiff.diff(t, was);
                    if (!alter.isEmpty()) {
                        out.add(new Change(ChangeAction.UPDATE, type, name, alter.fields(), ""));
                    }
                }
            }
            for (TableDef t : before.values()) {
                if (!after.containsKey(t.name().toLowerCase(Locale.ROOT))) {
                    String to = movedTo.get((ks + "." + t.name()).toLowerCase(Locale.ROOT));
                    out.add(new Change(ChangeAction.DELETE, t.isSequence() ? "sequence" : "table", ks + "." + t.name(), List.of(), to == null ? "" : "moved to " + to));
                }
            }
        }
    }

    private void vschemas() {
        for (Map.Entry<String, VSchema> e : want.vschemas().entrySet()) {
            VSchema was = live.topology.vschemas().get(e.getKey());
            VSchema now = e.getValue() == null ? VSchema.EMPTY : e.getValue();
            if (was == null && now.equals(VSchema.EMPTY)) {
                continue;
            }
            if (was == null) {
                out.add(new Change(ChangeAction.CREATE, "vschema", e.getKey(), VSchemaText.created(now), ""));
            } else if (!was.equals(now)) {
                out.add(new Change(ChangeAction.UPDATE, "vschema", e.getKey(), VSchemaText.diff(was, now), ""));
            }
        }
        for (Map.Entry<String, VSchema> e : live.topology.vschemas().entrySet()) {
            if (!want.keyspaces().containsKey(e.getKey()) && !VSchema.EMPTY.equals(e.getValue())) {
                out.add(new Change(ChangeAction.DELETE, "vschema", e.getKey(), List.of(), ""));
            }
        }
    }

    private void migrations(List<Move> moves) {
        for (WorkflowRecord w : want.workflows().values()) {
            WorkflowRecord was = live.topology.workflows().get(w.name());
            if (was == null) {
                List<FieldChange> f = new ArrayList<>(workflowFields(w));
                f.add(new FieldChange("stage", null, stage(w.stage())));
                f.add(new FieldChange("switched_traffic", null, MoveResolver.words(w.switchedTabletTypes())));
                out.add(new Change(ChangeAction.CREATE, "migration", w.name(), f, ""));
                continue;
            }
            List<FieldChange> f = new ArrayList<>();
            if (was.stage() != w.stage()) {
                f.add(new FieldChange("stage", stage(was.stage()), stage(w.stage())));
            }
            if (!was.switchedTabletTypes().equals(w.switchedTabletTypes())) {
                f.add(new FieldChange("switched_traffic", MoveResolver.words(was.switchedTabletTypes()), MoveResolver.words(w.switchedTabletTypes())));
            }
            if (!f.isEmpty()) {
                out.add(new Change(ChangeAction.UPDATE, "migration", w.name(), f, ""));
            }
        }
        for (Move m : moves) {
            if (m.explicit() || m.nothingToMove()) {
                continue;
            }
            if (m.live() == null) {
                List<FieldChange> f = new ArrayList<>();
                f.add(new FieldChange("kind", null, m.kind().word()));
                f.add(new FieldChange("from", null, Words.shardList(m.sourceKeyspace(), m.sourceShards())));
                f.add(new FieldChange("to", null, Words.shardList(m.targetKeyspace(), m.targetShards())));
                if (!m.tables().isEmpty()) {
                    f.add(new FieldChange("tables", null, String.join(", ", m.tables())));
                }
                f.add(new FieldChange("stage", null, "completed"));
                out.add(new Change(ChangeAction.CREATE, "migration", m.name(), f, "inferred from the layout change; runs to completion"));
            } else {
                out.add(new Change(ChangeAction.UPDATE, "migration", m.name(),
                        List.of(new FieldChange("stage", stage(m.live().stage()), "completed")), "no longer in the spec, whose layout asks for it to finish"));
            }
        }
    }

    private List<FieldChange> sequenceFields(String keyspace, String table) {
        List<FieldChange> f = new ArrayList<>();
        cluster.keyspace(keyspace).flatMap(k -> k.sequences().values().stream().filter(s -> s.name().equalsIgnoreCase(table)).findFirst()).ifPresent(s -> {
            f.add(new FieldChange("start", null, String.valueOf(s.start())));
            f.add(new FieldChange("cache", null, String.valueOf(s.cache())));
        });
        return f;
    }

    private static List<FieldChange> workflowFields(WorkflowRecord w) {
        List<FieldChange> f = new ArrayList<>();
        f.add(new FieldChange("kind", null, w.kind().word()));
        f.add(new FieldChange("from", null, Words.shardList(w.sourceKeyspace(), w.sourceShards())));
        f.add(new FieldChange("to", null, Words.shardList(w.targetKeyspace(), w.targetShards())));
        if (!w.tables().isEmpty()) {
            f.add(new FieldChange("tables", null, String.join(", ", w.tables())));
        }
        return f;
    }

    private static String stage(WorkflowStage s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static String counts(int[] n) {
        return "replica " + n[0] + ", rdonly " + n[1];
    }

    private static String servedFrom(List<ServedFrom> list) {
        List<String> parts = new ArrayList<>();
        for (TabletType t : List.of(TabletType.PRIMARY, TabletType.REPLICA, TabletType.RDONLY)) {
            list.stream().filter(s -> s.tabletType() == t).forEach(s -> parts.add(t.word() + ":" + s.keyspace()));
        }
        return String.join(", ", parts);
    }

    private static boolean sameServedFrom(List<ServedFrom> a, List<ServedFrom> b) {
        return servedFrom(a).equals(servedFrom(b));
    }

    private static String controls(List<TabletControl> list) {
        List<String> parts = new ArrayList<>();
        for (TabletType t : Move.ALL_TYPES) {
            list.stream().filter(c -> c.tabletType() == t).forEach(c -> parts.add(t.word() + " denies " + String.join(", ", c.deniedTables())));
        }
        return String.join("; ", parts);
    }

    private static String orNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
