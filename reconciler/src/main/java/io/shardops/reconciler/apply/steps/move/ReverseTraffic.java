package io.shardops.reconciler.apply.steps.move;

import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.TabletControl;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code reverse-traffic}: sends tablet types back to the source. rdonly and replica: routing only.
 * primary (Reshard; the planner keeps a MoveTables primary switch one-way): the targets stop serving,
 * the source applies the targets' last writes through the reverse streams, those stop, the forward
 * streams start again from where they stopped, and routing and the serving flags swap back.
 */
final class ReverseTraffic {
    private final TabletManagers managers;
    private final MoveStreams streams;
    private final DeniedTables denied;

    ReverseTraffic(TabletManagers managers, MoveStreams streams, DeniedTables denied) {
        this.managers = managers;
        this.streams = streams;
        this.denied = denied;
    }

    void run(Action.ReverseTraffic a, StepContext ctx) throws Exception {
        Topology t = ctx.topology();
        WorkflowRecord w = t.workflow(a.workflow()).orElseThrow(() -> new StepException("workflow " + a.workflow() + " does not exist; nothing to reverse"));
        Set<TabletType> types = new LinkedHashSet<>(a.tabletTypes());
        types.retainAll(w.switchedTabletTypes());
        if (types.isEmpty()) {
            return;  // already reversed (a rerun)
        }
        if (types.contains(TabletType.PRIMARY)) {
            if (w.kind() == WorkflowKind.MOVE_TABLES) {
                throw new StepException("the primary switch of MoveTables " + w.name() + " is one-way here; complete the move instead");
            }
            for (String shard : w.targetShards()) {
                managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), shard)).setServing(false);
            }
            for (String targetShard : w.targetShards()) {
                String position = managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard)).replicationPosition();
                for (String sourceShard : w.sourceShards()) {
                    managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), sourceShard))
                            .waitForStreamPosition(MoveTablets.reverseStream(w, targetShard), position, PrimaryCutover.CATCH_UP);
                }
            }
            for (String sourceShard : w.sourceShards()) {
                TabletManager source = managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), sourceShard));
                for (String targetShard : w.targetShards()) {
                    source.deleteStream(MoveTablets.reverseStream(w, targetShard));
                }
            }
            streams.startForward(w, t);
            // the source serves before routing names it, so no statement finds it closed
            for (String shard : w.sourceShards()) {
                managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), shard)).setServing(true);
                ctx.writer().updateShard(w.sourceKeyspace(), shard, s -> serving(s, true));
            }
        }
        reroute(w, types, t, ctx);
        if (types.contains(TabletType.PRIMARY)) {
            for (String shard : w.targetShards()) {
                ctx.writer().updateShard(w.targetKeyspace(), shard, s -> serving(s, false));
                // the tablet serves again so its replicas and a later switch find it as before; routing no longer sends writes to it
                managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), shard)).setServing(true);
            }
        }
        ctx.writer().updateWorkflow(w.targetKeyspace(), w.name(), old -> new WorkflowRecord(old.name(), old.kind(), old.sourceKeyspace(),
                old.sourceShards(), old.targetKeyspace(), old.targetShards(), old.tables(), old.stage(),
                old.switchedTabletTypes().stream().filter(x -> !types.contains(x)).toList(), old.streams()));
    }

    /** MoveTables: the types are served from the source keyspace again; Reshard: the source shards serve them again. */
    private void reroute(WorkflowRecord w, Set<TabletType> types, Topology t, StepContext ctx) {
        List<String> cells = ctx.cells(t);
        if (w.kind() == WorkflowKind.MOVE_TABLES) {
            List<ServedFrom> servedFrom = new ArrayList<>(t.keyspace(w.targetKeyspace()).map(KeyspaceRecord::servedFrom).orElse(List.of()));
            for (TabletType type : types) {
                if (servedFrom.stream().noneMatch(f -> f.tabletType() == type)) {
                    servedFrom.add(new ServedFrom(type, w.sourceKeyspace()));
                }
            }
            servedFrom.sort(Comparator.comparing(ServedFrom::tabletType));
            ctx.writer().updateKeyspace(w.targetKeyspace(), k -> k.withServedFrom(servedFrom));
            for (String cell : cells) {
                ctx.writer().updateSrvKeyspace(cell, w.targetKeyspace(), old -> old.map(s -> new SrvKeyspace(s.cell(), s.keyspace(),
                        s.partitions().stream().filter(p -> !types.contains(p.servedType())).toList(), servedFrom)));
            }
            for (String shard : w.sourceShards()) {
                ctx.writer().updateShard(w.sourceKeyspace(), shard, s -> {
                    List<TabletControl> controls = s.tabletControls().stream().filter(c -> !types.contains(c.tabletType())).toList();
                    return new ShardRecord(s.keyspace(), s.name(), s.keyRange(), s.primaryAlias(), s.primaryServing(), controls, s.sourceShards(), s.durability(), s.term());
                });
            }
            denied.push(ctx.topology(), w.sourceKeyspace(), w.sourceShards());
            return;
        }
        Set<String> targets = Set.copyOf(w.targetShards());
        for (String cell : cells) {
            ctx.writer().updateSrvKeyspace(cell, w.targetKeyspace(), old -> old.map(s -> new SrvKeyspace(s.cell(), s.keyspace(),
                    s.partitions().stream().map(p -> {
                        if (!types.contains(p.servedType())) {
                            return p;
                        }
                        List<String> shards = new ArrayList<>(p.shards().stream().filter(x -> !targets.contains(x)).toList());
                        w.sourceShards().stream().filter(x -> !shards.contains(x)).forEach(shards::add);
                        shards.sort(Comparator.comparing((String x) -> KeyRange.parse(x).orElse(KeyRange.FULL),
                                (x, y) -> KeyRange.compare(x.start(), y.start())));
                        return new SrvKeyspace.Partition(p.servedType(), shards);
                    }).toList(), s.servedFrom())));
        }
    }

    private static ShardRecord serving(ShardRecord s, boolean serving) {
        return new ShardRecord(s.keyspace(), s.name(), s.keyRange(), s.primaryAlias(), serving, s.tabletControls(), s.sourceShards(), s.durability(), s.term());
    }
}
