package io.shardops.reconciler.host;

import io.shardops.dataplane.gateway.RoutingSnapshot;
import io.shardops.dataplane.gateway.ShardRef;
import io.shardops.dataplane.gateway.TabletEndpoint;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The gateways' routing as one cell sees a {@link Topology}: the cell's SrvKeyspace partitions and
 * served-from rules, each keyspace's VSchema, and the serving tablets. Immutable; built whenever the
 * topology changes and swapped into the gateways whole.
 *
 * <p>A keyspace without a SrvKeyspace in the cell (created, not yet rebuilt) serves every shard of its
 * own for every type, so a fresh keyspace is reachable before its first traffic switch.
 *
 * <p>The gateway asks for shards and tablets on every statement: each answer is worked out once per
 * snapshot and kept.
 */
public final class TopologyRouting implements RoutingSnapshot {
    private final Topology topology;
    private final String cell;
    private final Function<String, TabletEndpoint.InProcess> localTablets;
    private final Map<String, List<TabletRecord>> tabletsByShard = new HashMap<>();
    private final Map<ShardAtType, List<TabletEndpoint>> tablets = new ConcurrentHashMap<>();
    private final Map<KeyspaceAtType, List<ShardRef>> shards = new ConcurrentHashMap<>();
    private final Map<KeyspaceAtType, Optional<String>> servedFrom = new ConcurrentHashMap<>();
    private final Map<Optional<String>, Boolean> switchPending = new ConcurrentHashMap<>();
    private volatile List<String> keyspaceNames;

    private record ShardAtType(String keyspace, String shard, TabletType type) {}

    private record KeyspaceAtType(String keyspace, TabletType type) {}

    /** Routing where every tablet is reached over the MySQL protocol. */
    public TopologyRouting(Topology topology, String cell) {
        this(topology, cell, alias -> null);
    }

    /** @param localTablets a tablet's query service when the tablet runs in this JVM, else null */
    public TopologyRouting(Topology topology, String cell, Function<String, TabletEndpoint.InProcess> localTablets) {
        this.topology = topology;
        this.cell = cell;
        this.localTablets = localTablets;
        List<TabletRecord> sorted = new ArrayList<>(topology.tablets().values());
        sorted.sort(Comparator.comparing(TabletRecord::alias));
        for (TabletRecord t : sorted) {
            tabletsByShard.computeIfAbsent(t.shardKey(), k -> new ArrayList<>()).add(t);
        }
    }

    public Topology topology() {
        return topology;
    }

    @Override
    public List<String> keyspaces() {
        List<String> names = keyspaceNames;
        if (names == null) {
            names = topology.keyspaces().keySet().stream().sorted().toList();
            keyspaceNames = names;  // a benign race: every thread computes the same list
        }
        return names;
    }

    @Override
    public Optional<VSchema> vschema(String keyspace) {
        return Optional.ofNullable(topology.vschemas().get(keyspace));
    }

    @Override
    public Optional<String> servedFrom(String keyspace, TabletType tabletType) {
        return servedFrom.computeIfAbsent(new KeyspaceAtType(keyspace, tabletType), k -> findServedFrom(keyspace, tabletType));
    }

    private Optional<String> findServedFrom(String keyspace, TabletType tabletType) {
        SrvKeyspace srv = topology.srvKeyspaces().get(cell + "/" + keyspace);
        if (srv != null && !srv.servedFrom().isEmpty()) {
            return srv.servedFrom().stream().filter(s -> s.tabletType() == tabletType).map(ServedFrom::keyspace).findFirst();
        }
        return topology.keyspace(keyspace).flatMap(k -> k.servedFrom(tabletType));
    }

    @Override
    public List<ShardRef> shards(String keyspace, TabletType tabletType) {
        return shards.computeIfAbsent(new KeyspaceAtType(keyspace, tabletType), k -> findShards(keyspace, tabletType));
    }

    private List<ShardRef> findShards(String keyspace, TabletType tabletType) {
        SrvKeyspace srv = topology.srvKeyspaces().get(cell + "/" + keyspace);
        List<ShardRecord> ofKeyspace = topology.shardsOf(keyspace);
        if (srv == null) {
            return ofKeyspace.stream().map(s -> new ShardRef(s.name(), s.keyRange())).toList();
        }
        List<String> names = srv.partition(tabletType).map(SrvKeyspace.Partition::shards).orElse(List.of());
        List<ShardRef> out = new ArrayList<>();
        for (ShardRecord s : ofKeyspace) {
            if (names.contains(s.name())) {
                out.add(new ShardRef(s.name(), s.keyRange()));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<ShardRef> allShards(String keyspace) {
        return topology.shardsOf(keyspace).stream().map(s -> new ShardRef(s.name(), s.keyRange())).toList();
    }

    @Override
    public List<TabletEndpoint> tablets(String keyspace, String shard, TabletType tabletType) {
        return tablets.computeIfAbsent(new ShardAtType(keyspace, shard, tabletType), k -> findTablets(keyspace, shard, tabletType));
    }

    private List<TabletEndpoint> findTablets(String keyspace, String shard, TabletType tabletType) {
        List<TabletEndpoint> out = new ArrayList<>();
        Optional<ShardRecord> record = topology.shard(keyspace, shard);
        for (TabletRecord t : tabletsByShard.getOrDefault(Topology.shardKey(keyspace, shard), List.of())) {
            if (t.type() != tabletType || t.state() != TabletState.SERVING) {
                continue;
            }
            if (tabletType == TabletType.PRIMARY && record.isPresent() && record.get().primaryAlias() != null
                    && !record.get().primaryAlias().equals(t.alias())) {
                continue; // a former primary that has not yet noticed; the shard record names the real one
            }
            TabletEndpoint remote = new TabletEndpoint(t.alias(), t.hostname(), t.grpcPort(), keyspace);
            TabletEndpoint.InProcess local = localTablets.apply(t.alias());
            out.add(local == null ? remote : remote.inProcess(local));
        }
        // a cell's own tablets first: gateways prefer local tablets, as vtgate does
        out.sort(Comparator.comparing((TabletEndpoint e) -> !e.alias().startsWith(cell + "-")));
        return tabletType == TabletType.PRIMARY && out.size() > 1 ? List.of(out.get(0)) : List.copyOf(out);
    }

    @Override
    public List<TabletRow> allTablets() {
        List<TabletRow> rows = new ArrayList<>();
        for (TabletRecord t : topology.tablets().values()) {
            rows.add(new TabletRow(t.cell(), t.keyspace(), t.shard(), t.type(), t.state().name(), t.alias(), t.hostname()));
        }
        rows.sort(Comparator.comparing(TabletRow::keyspace).thenComparing(TabletRow::shard).thenComparing(TabletRow::alias));
        return rows;
    }

    @Override
    public boolean primarySwitchPending(String keyspace) {
        // asked before every autocommit statement, so answered once per keyspace and snapshot
        return switchPending.computeIfAbsent(Optional.ofNullable(keyspace), k -> findSwitchPending(keyspace));
    }

    private boolean findSwitchPending(String keyspace) {
        return primaryInDoubt(keyspace) || topology.workflows().values().stream().anyMatch(w -> w.stage() != WorkflowStage.COMPLETED
                && (!w.switched(TabletType.PRIMARY) || w.kind() == WorkflowKind.RESHARD)
                && (keyspace == null || keyspace.equals(w.sourceKeyspace()) || keyspace.equals(w.targetKeyspace())));
    }

    /**
     * A shard of the keyspace whose primary is not serving as primary: crashed, stepping down for a reparent, or
     * replaced by a failover that has not named the new one yet. Its writes are held, as in a primary switch.
     */
    private boolean primaryInDoubt(String keyspace) {
        for (ShardRecord s : topology.shards().values()) {
            if ((keyspace == null || keyspace.equals(s.keyspace())) && s.primaryAlias() != null && s.primaryServing()) {
                TabletRecord p = topology.tablets().get(s.primaryAlias());
                if (p != null && (p.state() != TabletState.SERVING || p.type() != TabletType.PRIMARY)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Keyspaces known to the topology, for messages. */
    public List<KeyspaceRecord> keyspaceRecords() {
        return List.copyOf(topology.keyspaces().values());
    }
}
