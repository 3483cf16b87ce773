package io.shardops.reconciler.apply.steps.topology;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.TabletControl;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.StreamRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The steps that only change topology records: create and delete keyspaces and shards, VSchema,
 * the routing half of a traffic switch (the records a gateway follows), tablet controls, completing a
 * migration. The move steps call the routing half at the right moment of a switch.
 * Each reads what it needs, writes through compare-and-swap and is safe to redo: running it twice
 * leaves the same records as running it once.
 */
public final class TopologySteps {
    private TopologySteps() {}

    static final Comparator<String> BY_RANGE = Comparator.comparing(
            (String shard) -> KeyRange.parse(shard).orElse(KeyRange.FULL),
            (a, b) -> {
                int c = KeyRange.compare(a.start(), b.start());
                return c != 0 ? c : Boolean.compare(a.end().length == 0, b.end().length == 0);
            });

    // ---- keyspaces

    public static void createKeyspace(Action.CreateKeyspace a, StepContext ctx) {
        ctx.writer().createKeyspace(new KeyspaceRecord(a.keyspace(), a.servedFrom()));
        Topology t = ctx.topology();
        for (String cell : ctx.cells(t)) {
            ctx.writer().updateSrvKeyspace(cell, a.keyspace(), old -> Optional.of(withServedFrom(
                    old.orElse(new SrvKeyspace(cell, a.keyspace(), List.of(), List.of())), a.servedFrom())));
        }
    }

    /** The keyspace's record holds its backup policy (null: none); it must exist. */
    public static void setBackupPolicy(Action.SetBackupPolicy a, StepContext ctx) throws StepException {
        if (ctx.writer().updateKeyspace(a.keyspace(), k -> k.withBackup(a.policy())).isEmpty()) {
            throw new StepException("keyspace " + a.keyspace() + " does not exist; its backup policy has nothing to be recorded on");
        }
    }

    public static void applyVSchema(Action.ApplyVSchema a, StepContext ctx) {
        ctx.writer().putVSchema(a.keyspace(), a.vschema());
    }

    public static void deleteKeyspace(Action.DeleteKeyspace a, StepContext ctx) throws StepException {
        Topology t = ctx.topology();
        if (!t.shardsOf(a.keyspace()).isEmpty()) {
            throw new StepException("keyspace " + a.keyspace() + " still has shards " + names(t.shardsOf(a.keyspace()))
                    + "; delete them first (their delete-shard steps come earlier in the plan)");
        }
        for (String cell : ctx.cells(t)) {
            ctx.writer().deleteSrvKeyspace(cell, a.keyspace());
        }
        ctx.writer().deleteKeyspace(a.keyspace());
    }

    /** The record with {@code servedFrom} as its served-from list and a partition for every type it serves itself. */
    static SrvKeyspace withServedFrom(SrvKeyspace s, List<ServedFrom> servedFrom) {
        Set<TabletType> redirected = new LinkedHashSet<>();
        servedFrom.forEach(f -> redirected.add(f.tabletType()));
        List<SrvKeyspace.Partition> partitions = new ArrayList<>();
        for (TabletType type : TabletType.values()) {
            if (!redirected.contains(type)) {
                partitions.add(s.partition(type).orElse(new SrvKeyspace.Partition(type, List.of())));
            }
        }
        return new SrvKeyspace(s.cell(), s.keyspace(), partitions, servedFrom);
    }

    // ---- shards

    public static void createShard(Action.CreateShard a, StepContext ctx) throws StepException {
        KeyRange range = KeyRange.parse(a.keyRange()).orElseThrow(() ->
                new StepException("shard " + a.target() + " has no valid key range '" + a.keyRange() + "'"));
        ctx.writer().createShard(new ShardRecord(a.keyspace(), a.shard(), range, null, a.serving(), List.of(), List.of()));
        if (a.serving()) {
            Topology t = ctx.topology();
            for (String cell : ctx.cells(t)) {
                ctx.writer().updateSrvKeyspace(cell, a.keyspace(), old -> {
                    SrvKeyspace s = withServedFrom(old.orElse(new SrvKeyspace(cell, a.keyspace(), List.of(), List.of())),
                            t.keyspace(a.keyspace()).map(KeyspaceRecord::servedFrom).orElse(List.of()));
                    return Optional.of(mapPartitions(s, p -> add(p, a.shard())));
                });
            }
        }
    }

    public static void deleteShard(Action.DeleteShard a, StepContext ctx) throws StepException {
        Topology t = ctx.topology();
        List<String> tablets = t.tablets().values().stream()
                .filter(x -> x.keyspace().equals(a.keyspace()) && x.shard().equals(a.shard())).map(x -> x.alias()).sorted().toList();
        if (!tablets.isEmpty()) {
            throw new StepException("shard " + a.target() + " still has tablets " + tablets
                    + "; stop them first (the stop-tablets step comes earlier in the plan)");
        }
        for (String cell : ctx.cells(t)) {
            ctx.writer().updateSrvKeyspace(cell, a.keyspace(), old -> old.map(s -> mapPartitions(s, p -> remove(p, Set.of(a.shard())))));
        }
        ctx.writer().deleteShard(a.keyspace(), a.shard());
    }

    // ---- traffic

    public static void switchTraffic(Action.SwitchTraffic a, StepContext ctx) throws StepException {
        Topology t = ctx.topology();
        WorkflowRecord w = t.workflow(a.workflow()).orElseThrow(() -> new StepException(
                "workflow " + a.workflow() + " does not exist; its start-copy step must run before traffic can switch"));
        if (!w.stage().atLeast(WorkflowStage.RUNNING)) {
            throw new StepException("workflow " + a.workflow() + " is " + w.stage().name().toLowerCase(Locale.ROOT)
                    + "; traffic switches only once its copy has finished");
        }
        Set<TabletType> types = new LinkedHashSet<>(a.tabletTypes());
        if (w.kind() == WorkflowKind.MOVE_TABLES) {
            switchMoveTables(w, types, t, ctx);
        } else {
            switchReshard(w, types, t, ctx);
        }
        ctx.writer().updateWorkflow(w.targetKeyspace(), w.name(), old -> {
            List<TabletType> switched = new ArrayList<>(old.switchedTabletTypes());
            for (TabletType type : TabletType.values()) {
                if (types.contains(type) && !switched.contains(type)) {
                    switched.add(type);
                }
            }
            switched.sort(Comparator.naturalOrder());
            return new WorkflowRecord(old.name(), old.kind(), old.sourceKeyspace(), old.sourceShards(), old.targetKeyspace(),
                    old.targetShards(), old.tables(), old.stage(), switched, old.streams());
        });
    }

    /** The target keyspace serves these types itself; the source's shards refuse the moved tables for them. */
    private static void switchMoveTables(WorkflowRecord w, Set<TabletType> types, Topology t, StepContext ctx) {
        List<ServedFrom> remaining = t.keyspace(w.targetKeyspace()).map(KeyspaceRecord::servedFrom).orElse(List.of())
                .stream().filter(f -> !types.contains(f.tabletType())).toList();
        ctx.writer().updateKeyspace(w.targetKeyspace(), k -> k.withServedFrom(remaining));
        List<String> targetShards = t.shardsOf(w.targetKeyspace()).stream().map(ShardRecord::name).toList();
        for (String cell : ctx.cells(t)) {
            ctx.writer().updateSrvKeyspace(cell, w.targetKeyspace(), old -> {
                SrvKeyspace s = withServedFrom(old.orElse(new SrvKeyspace(cell, w.targetKeyspace(), List.of(), List.of())), remaining);
                return Optional.of(mapPartitions(s, p -> types.contains(p.servedType()) && p.shards().isEmpty()
                        ? new SrvKeyspace.Partition(p.servedType(), targetShards) : p));
            });
        }
        for (String shard : w.sourceShards()) {
            ctx.writer().updateShard(w.sourceKeyspace(), shard, s -> {
                List<TabletControl> controls = new ArrayList<>(s.tabletControls());
                for (TabletType type : types) {
                    Optional<TabletControl> c = s.tabletControl(type);
                    Set<String> denied = new LinkedHashSet<>(c.map(TabletControl::deniedTables).orElse(List.of()));
                    denied.addAll(w.tables());
                    controls.removeIf(x -> x.tabletType() == type);
                    controls.add(new TabletControl(type, List.copyOf(denied)));
                }
                controls.sort(Comparator.comparing(TabletControl::tabletType));
                return new ShardRecord(s.keyspace(), s.name(), s.keyRange(), s.primaryAlias(), s.primaryServing(), controls, s.sourceShards(), s.durability(), s.term());
            });
        }
    }

    /** The keyspace's serving partitions for these types move from the source shards to the target shards. */
    private static void switchReshard(WorkflowRecord w, Set<TabletType> types, Topology t, StepContext ctx) {
        Set<String> sources = Set.copyOf(w.sourceShards());
        for (String cell : ctx.cells(t)) {
            ctx.writer().updateSrvKeyspace(cell, w.targetKeyspace(), old -> old.map(s -> mapPartitions(s, p -> {
                if (!types.contains(p.servedType())) {
                    return p;
                }
                SrvKeyspace.Partition out = remove(p, sources);
                for (String target : w.targetShards()) {
                    out = add(out, target);
                }
                return out;
            })));
        }
        if (types.contains(TabletType.PRIMARY)) {
            for (String shard : w.sourceShards()) {
                ctx.writer().updateShard(w.sourceKeyspace(), shard, s -> withPrimaryServing(s, false));
            }
            for (String shard : w.targetShards()) {
                ctx.writer().updateShard(w.targetKeyspace(), shard, s -> withPrimaryServing(s, true));
            }
        }
    }

    public static void removeTabletControls(Action.RemoveTabletControls a, StepContext ctx) {
        Set<String> tables = Set.copyOf(a.tables());
        for (String shard : a.shards()) {
            ctx.writer().updateShard(a.keyspace(), shard, s -> {
                List<TabletControl> controls = new ArrayList<>();
                for (TabletControl c : s.tabletControls()) {
                    List<String> denied = c.deniedTables().stream().filter(x -> !tables.contains(x)).toList();
                    if (!denied.isEmpty()) {
                        controls.add(new TabletControl(c.tabletType(), denied));
                    }
                }
                return new ShardRecord(s.keyspace(), s.name(), s.keyRange(), s.primaryAlias(), s.primaryServing(), controls, s.sourceShards(), s.durability(), s.term());
            });
        }
    }

    public static void completeMigration(Action.CompleteMigration a, StepContext ctx) throws StepException {
        Topology t = ctx.topology();
        WorkflowRecord w = t.workflow(a.workflow()).orElseThrow(() -> new StepException(
                "workflow " + a.workflow() + " does not exist; nothing to complete"));
        if (!w.switchedTabletTypes().contains(TabletType.PRIMARY)) {
            throw new StepException("workflow " + a.workflow() + " still serves primary traffic from " + w.sourceKeyspace()
                    + "; switch primary traffic before completing it");
        }
        for (String shard : w.targetShards()) {
            ctx.writer().updateShard(w.targetKeyspace(), shard, s ->
                    new ShardRecord(s.keyspace(), s.name(), s.keyRange(), s.primaryAlias(), s.primaryServing(), s.tabletControls(), List.of(), s.durability(), s.term()));
        }
        ctx.writer().updateWorkflow(w.targetKeyspace(), w.name(), old -> new WorkflowRecord(old.name(), old.kind(), old.sourceKeyspace(),
                old.sourceShards(), old.targetKeyspace(), old.targetShards(), old.tables(), WorkflowStage.COMPLETED,
                old.switchedTabletTypes(), old.streams().stream().map(StreamRecord::stopped).toList()));
    }

    // ---- helpers

    private static ShardRecord withPrimaryServing(ShardRecord s, boolean serving) {
        return new ShardRecord(s.keyspace(), s.name(), s.keyRange(), s.primaryAlias(), serving, s.tabletControls(), s.sourceShards(), s.durability(), s.term());
    }

    private static SrvKeyspace mapPartitions(SrvKeyspace s, UnaryOperator<SrvKeyspace.Partition> f) {
        return new SrvKeyspace(s.cell(), s.keyspace(), s.partitions().stream().map(f).toList(), s.servedFrom());
    }

    private static SrvKeyspace.Partition add(SrvKeyspace.Partition p, String shard) {
        if (p.shards().contains(shard)) {
            return p;
        }
        List<String> shards = new ArrayList<>(p.shards());
        shards.add(shard);
        shards.sort(BY_RANGE);
        return new SrvKeyspace.Partition(p.servedType(), shards);
    }

    private static SrvKeyspace.Partition remove(SrvKeyspace.Partition p, Set<String> gone) {
        return new SrvKeyspace.Partition(p.servedType(), p.shards().stream().filter(x -> !gone.contains(x)).toList());
    }

    private static List<String> names(List<ShardRecord> shards) {
        return shards.stream().map(ShardRecord::name).toList();
    }
}
