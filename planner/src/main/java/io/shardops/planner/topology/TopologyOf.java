package io.shardops.planner.topology;

import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Migration;
import io.shardops.spec.Sequence;
import io.shardops.spec.Shard;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topology a spec describes once fully applied: what etcd would hold after {@code apply}.
 * Explicit migrations hold their moves at the stage they name (served-from entries, tablet controls,
 * source shards, both shard sets of a reshard); everything else is at its end state.
 */
public final class TopologyOf {
    /** Tablet uids start here, one block per shard in spec order. */
    static final int FIRST_UID = 100;
    static final int GRPC_PORT_BASE = 16000;
    static final int MYSQL_PORT_BASE = 17000;

    private TopologyOf() {}

    /** The tables a keyspace should physically have: its declared tables, then its sequence tables. */
    public static List<TableDef> desiredTables(Keyspace keyspace) {
        List<TableDef> out = new ArrayList<>(keyspace.tables());
        for (Sequence s : keyspace.sequences().values()) {
            if (keyspace.table(s.name()).isEmpty()) {
                out.add(SequenceTable.of(s));
            }
        }
        return out;
    }

    public static Topology spec(Cluster cluster) {
        return spec(cluster, true);
    }

    /**
     * As {@link #spec(Cluster)} without the tablet records (shards keep their primary alias): for callers
     * that only compare shapes, where 30,000 tablet records would be allocated for nothing.
     */
    public static Topology withoutTablets(Cluster cluster) {
        return spec(cluster, false);
    }

    private static Topology spec(Cluster cluster, boolean withTablets) {
        String cell = cluster.cells().isEmpty() ? "zone1" : cluster.cells().get(0).name();
        Map<String, KeyspaceRecord> keyspaces = new LinkedHashMap<>();
        Map<String, ShardRecord> shards = new LinkedHashMap<>();
        Map<String, TabletRecord> tablets = new LinkedHashMap<>();
        Map<String, SrvKeyspace> srv = new LinkedHashMap<>();
        Map<String, VSchema> vschemas = new LinkedHashMap<>();
        Map<String, ShardSchema> schemas = new LinkedHashMap<>();
        Map<String, WorkflowRecord> workflows = new LinkedHashMap<>();

        Map<String, List<Migration>> movesOutOf = new HashMap<>();
        Map<String, Migration> reshardOf = new HashMap<>();
        Map<String, Migration> migrationOfMove = new HashMap<>();
        for (Migration m : cluster.migrations()) {
            switch (m.move()) {
                case Migration.MoveTables mt -> {
                    migrationOfMove.put(mt.to(), m);
                    movesOutOf.computeIfAbsent(mt.from(), k -> new ArrayList<>()).add(m);
                }
                case Migration.Reshard r -> reshardOf.put(r.keyspace(), m);
            }
        }

        int uid = FIRST_UID;
        for (Keyspace ks : cluster.keyspaces()) {
            Migration vsplitIn = migrationOfMove.get(ks.name());
            Migration reshard = reshardOf.get(ks.name());
            Set<String> retiredShards = new HashSet<>();
            Set<String> targetShards = new HashSet<>();
            if (reshard != null && reshard.move() instanceof Migration.Reshard r) {
                if (reshard.complete()) {
                    retiredShards.addAll(r.from());
                }
                targetShards.addAll(r.to());
            }

            List<ServedFrom> servedFrom = new ArrayList<>();
            if (vsplitIn != null && !vsplitIn.complete()) {
                String source = ((Migration.MoveTables) vsplitIn.move()).from();
                for (TabletType t : TabletType.values()) {
                    if (!vsplitIn.switchTraffic().contains(t)) {
                        servedFrom.add(new ServedFrom(t, source));
                    }
                }
            }
            keyspaces.put(ks.name(), new KeyspaceRecord(ks.name(), servedFrom)
                    .withBackup(BackupPolicyRecord.of(cluster.backups().forKeyspace(ks.name())).orElse(null)));
            vschemas.put(ks.name(), ks.vschema());

            List<TableDef> tables = new ArrayList<>(desiredTables(ks));
            List<TabletControl> controls = new ArrayList<>();
            for (Migration out : movesOutOf.getOrDefault(ks.name(), List.of())) {
                if (out.complete()) {
                    continue;
                }
                Migration.MoveTables mt = (Migration.MoveTables) out.move();
                Keyspace target = cluster.keyspace(mt.to()).orElse(null);
                for (String table : mt.tables()) {
                    if (tables.stream().noneMatch(t -> t.name().equalsIgnoreCase(table)) && target != null) {
                        target.table(table).ifPresent(tables::add);
                    }
                }
                for (TabletType t : out.switchTraffic()) {
                    controls.add(new TabletControl(t, mt.tables()));
                }
            }

            List<TableDef> shardTables = List.copyOf(tables);
            List<TabletControl> shardControls = List.copyOf(controls);
            for (Shard shard : ks.shards()) {
                if (retiredShards.contains(shard.name())) {
                    continue;
                }
                boolean reshardTarget = targetShards.contains(shard.name());
                boolean primarySwitched = reshard != null && reshard.switchTraffic().contains(TabletType.PRIMARY);
                boolean primaryServing = reshard == null || (reshardTarget == primarySwitched) || reshard.complete();
                List<SourceShard> sources = new ArrayList<>();
                if (reshardTarget && !reshard.complete()) {
                    Migration.Reshard r = (Migration.Reshard) reshard.move();
                    int i = 0;
                    for (String from : r.from()) {
                        KeyRange fromRange = ks.shard(from).map(Shard::keyRange).orElse(KeyRange.FULL);
                        if (fromRange.intersects(shard.keyRange())) {
                            sources.add(new SourceShard(i++, ks.name(), from, shard.keyRange(), List.of()));
                        }
                    }
                }
                if (vsplitIn != null && !vsplitIn.complete()) {
                    Migration.MoveTables mt = (Migration.MoveTables) vsplitIn.move();
                    int i = 0;
                    for (Shard from : cluster.keyspace(mt.from()).map(Keyspace::shards).orElse(List.of())) {
                        sources.add(new SourceShard(i++, mt.from(), from.name(), KeyRange.FULL, mt.tables()));
                    }
                }
                String primary = null;
                int block = uid;
                for (int i = 0; i < shard.tablets().replica(); i++) {
                    TabletType type = i == 0 ? TabletType.PRIMARY : TabletType.REPLICA;
                    if (i == 0) {
                        primary = TabletRecord.alias(cell, block);
                    }
                    if (withTablets) {
                        TabletRecord t = tablet(cell, block + i, ks.name(), shard.name(), type);
                        tablets.put(t.alias(), t);
                    }
                }
                for (int i = 0; withTablets && i < shard.tablets().rdonly(); i++) {
                    TabletRecord t = tablet(cell, block + shard.tablets().replica() + i, ks.name(), shard.name(), TabletType.RDONLY);
                    tablets.put(t.alias(), t);
                }
                uid += Math.max(shard.tablets().total(), 1);
                ShardRecord record = new ShardRecord(ks.name(), shard.name(), shard.keyRange(), primary, primaryServing, shardControls, sources.isEmpty() ? List.of() : sources,
                        desiredDurability(cluster, ks, shard), 0);
                shards.put(record.key(), record);
                schemas.put(record.key(), new ShardSchema(ks.name(), shard.name(), shardTables));
            }

            for (var c : cluster.cells()) {
                SrvKeyspace s = srvKeyspace(c.name(), ks, reshard, retiredShards, servedFrom);
                srv.put(s.key(), s);
            }
        }

        for (Migration m : cluster.migrations()) {
            // start-copy writes the workflow record; a migration that copies nothing yet has none
            if (m.copy()) {
                WorkflowRecord w = workflow(cluster, m);
                workflows.put(w.name(), w);
            }
        }

        List<String> cells = cluster.cells().stream().map(Cell::name).toList();
        return new Topology(cluster.name(), 0, Map.of(), cells, keyspaces, shards, tablets, srv, vschemas, schemas, workflows, ReconcilerRecord.NONE);
    }

    private static TabletRecord tablet(String cell, int uid, String keyspace, String shard, TabletType type) {
        return new TabletRecord(TabletRecord.alias(cell, uid), cell, uid, keyspace, shard, type, "127.0.0.1",
                GRPC_PORT_BASE + uid, 0, MYSQL_PORT_BASE + uid, TabletState.SERVING);
    }

    private static SrvKeyspace srvKeyspace(String cell, Keyspace ks, Migration reshard, Set<String> retired, List<ServedFrom> servedFrom) {
        List<SrvKeyspace.Partition> partitions = new ArrayList<>();
        Set<TabletType> redirected = new HashSet<>();
        servedFrom.forEach(s -> redirected.add(s.tabletType()));
        for (TabletType t : TabletType.values()) {
            if (redirected.contains(t) || ks.shards().isEmpty()) {
                continue;
            }
            List<String> serving = new ArrayList<>();
            for (Shard s : ks.shards()) {
                if (retired.contains(s.name())) {
                    continue;
                }
                if (reshard != null && !reshard.complete()) {
                    Migration.Reshard r = (Migration.Reshard) reshard.move();
                    boolean switched = reshard.switchTraffic().contains(t);
                    if ((switched && !r.to().contains(s.name())) || (!switched && !r.from().contains(s.name()))) {
                        continue;
                    }
                }
                serving.add(s.name());
            }
            partitions.add(new SrvKeyspace.Partition(t, serving));
        }
        return new SrvKeyspace(cell, ks.name(), partitions, servedFrom);
    }

    private static WorkflowRecord workflow(Cluster cluster, Migration m) {
        WorkflowStage stage = m.complete() ? WorkflowStage.COMPLETED : m.copy() ? WorkflowStage.VERIFIED : WorkflowStage.PREPARED;
        StreamRecord.State streamState = m.copy() && !m.complete() ? StreamRecord.State.RUNNING : StreamRecord.State.STOPPED;
        return switch (m.move()) {
            case Migration.MoveTables mt -> {
                List<String> from = shardNames(cluster, mt.from());
                List<String> to = shardNames(cluster, mt.to());
                List<StreamRecord> streams = new ArrayList<>();
                for (String t : to) {
                    for (String f : from) {
                        streams.add(new StreamRecord(f, t, "", 0, streamState));
                    }
                }
                yield new WorkflowRecord(m.name(), WorkflowKind.MOVE_TABLES, mt.from(), from, mt.to(), to, mt.tables(), stage, m.switchTraffic(), streams);
            }
            case Migration.Reshard r -> {
                List<StreamRecord> streams = new ArrayList<>();
                Keyspace ks = cluster.keyspace(r.keyspace()).orElse(null);
                for (String t : r.to()) {
                    for (String f : r.from()) {
                        if (ks == null || overlaps(ks, f, t)) {
                            streams.add(new StreamRecord(f, t, "", 0, streamState));
                        }
                    }
                }
                yield new WorkflowRecord(m.name(), WorkflowKind.RESHARD, r.keyspace(), r.from(), r.keyspace(), r.to(), List.of(), stage, m.switchTraffic(), streams);
            }
        };
    }

    private static boolean overlaps(Keyspace ks, String a, String b) {
        KeyRange ra = ks.shard(a).map(Shard::keyRange).orElse(KeyRange.parse(a).orElse(KeyRange.FULL));
        KeyRange rb = ks.shard(b).map(Shard::keyRange).orElse(KeyRange.parse(b).orElse(KeyRange.FULL));
        return ra.intersects(rb);
    }

    private static List<String> shardNames(Cluster cluster, String keyspace) {
        return cluster.keyspace(keyspace).map(k -> k.shards().stream().map(Shard::name).toList()).orElse(List.of());
    }

    /** The durability word a shard's record holds once applied; null for a shard whose tablets are down (nothing to configure). */
    public static String desiredDurability(Cluster cluster, Keyspace ks, Shard shard) {
        return shard.tablets().replica() > 0 ? cluster.durability(ks, shard).word() : null;
    }
}
