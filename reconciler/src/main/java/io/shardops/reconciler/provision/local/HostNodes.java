package io.shardops.reconciler.provision.local;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.NodeApi;
import io.shardops.reconciler.host.local.NodeClient;
import io.shardops.reconciler.host.local.NodeDirectory;
import io.shardops.reconciler.host.local.NodeRecord;
import io.shardops.reconciler.host.local.ShardPlacement;
import io.shardops.reconciler.host.local.TabletAllocation;
import io.shardops.reconciler.host.local.TabletPlacement;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.Endpoint;
import io.shardops.reconciler.provision.Provisioned;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The provisioner's side of a cluster over several hosts: the nodes registered in etcd that answer now,
 * tablets placed over them ({@link TabletPlacement}, the placement kept in etcd) and gateways on every
 * node that takes gateways. Each node does its part as on one host.
 */
final class HostNodes {
    private final LocalCluster cluster;
    private final BearerToken token;

    HostNodes(LocalCluster cluster) {
        this.cluster = cluster;
        this.token = new BearerToken(cluster.credentials().controlToken());
    }

    private NodeClient client(NodeRecord n) {
        return new NodeClient(n.url(), token);
    }

    /** Registered nodes whose API answers as that node of this cluster, by name. */
    private List<NodeRecord> live(NodeDirectory dir) {
        List<NodeRecord> out = new ArrayList<>();
        for (NodeRecord n : dir.nodes()) {
            Optional<NodeApi.Health> h = client(n).health();
            if (h.isPresent() && h.get().cluster().equals(cluster.config().cluster())) {
                out.add(n);
            }
        }
        out.sort(Comparator.comparing(NodeRecord::name));
        return out;
    }

    Provisioned<List<Endpoint>> ensureGateways(Function<NodeClient, NodeApi.GatewaysResult> ensure) {
        try (EtcdTopoStore store = cluster.topoStore()) {
            List<NodeRecord> nodes = live(new NodeDirectory(store, cluster.config().cluster())).stream().filter(NodeRecord::runsGateways).toList();
            if (nodes.isEmpty()) {
                throw new IllegalStateException("no node that takes gateways answers; start one with: shardops up --host-address ADDR"
                        + " --etcd-endpoints URLS --node-runs gateways (see docs/multi-host.md)");
            }
            List<Endpoint> endpoints = new ArrayList<>();
            List<ProvisionedObject> changes = new ArrayList<>();
            for (NodeRecord n : nodes) {
                NodeApi.GatewaysResult r = ensure.apply(client(n));
                endpoints.addAll(r.endpoints());
                changes.addAll(r.changes());
            }
            return new Provisioned<>(endpoints, changes);
        }
    }

    Provisioned<Void> removeGateways(String cell) {
        try (EtcdTopoStore store = cluster.topoStore()) {
            List<ProvisionedObject> changes = new ArrayList<>();
            for (NodeRecord n : live(new NodeDirectory(store, cluster.config().cluster()))) {
                changes.addAll(client(n).removeGateways(new NodeApi.CellGateways(cell)).changes());
            }
            return new Provisioned<>(null, changes);
        }
    }

    Provisioned<List<ProvisionedTablet>> ensureTablets(String keyspace, String shard, String cell, TabletCounts counts) {
        String name = cluster.config().cluster();
        try (EtcdTopoStore store = cluster.topoStore()) {
            NodeDirectory dir = new NodeDirectory(store, name);
            List<NodeRecord> live = live(dir);
            Topology topology = new EtcdTopologySource(store).read(name);
            ShardPlacement current = dir.placement(cell, keyspace, shard);
            if (current.tablets().isEmpty()) {
                current = fromTopology(topology, dir.nodes(), keyspace, shard, cell);
            }
            int primaryUid = topology.shard(keyspace, shard).map(ShardRecord::primaryAlias)
                    .flatMap(a -> Optional.ofNullable(topology.tablets().get(a)).or(() -> byAlias(topology, a)))
                    .map(TabletRecord::uid).orElse(-1);
            Set<Integer> others = new HashSet<>();
            Map<String, Integer> load = new HashMap<>();
            ShardPlacement mine = current;
            for (ShardPlacement p : dir.placements()) {
                if (p.tablets().stream().anyMatch(t -> mine.byUid(t.uid()).isPresent())) {
                    continue;
                }
                for (ShardPlacement.Placed t : p.tablets()) {
                    others.add(t.uid());
                    if (t.running()) {
                        load.merge(t.node(), 1, Integer::sum);
                    }
                }
            }
            topology.tablets().values().stream().filter(t -> !(t.keyspace().equals(keyspace) && t.shard().equals(shard) && t.cell().equals(cell)))
                    .forEach(t -> others.add(t.uid()));
            List<NodeRecord> tabletNodes = live.stream().filter(NodeRecord::runsTablets).toList();
            ShardPlacement next = TabletPlacement.decide(current, primaryUid, others, tabletNodes, load, keyspace, shard, cell, counts);
            dir.savePlacement(cell, keyspace, shard, next);
            return tell(live, dir.nodes(), current, next, node -> new NodeApi.EnsureTablets(keyspace, shard, cell, 0, 0,
                    next.runningOn(node).stream().map(t -> new NodeApi.PlacedTablet(t.uid(), t.pool())).toList()));
        }
    }

    /**
     * Replaces lost tablet {@code alias}: a new uid of the shard's block, chosen here (no node knows the uids the
     * others hold), is recorded in the placement first with the lost uid retired. When the node that holds the lost
     * tablet answers, it sets its data aside and starts the replacement; when it does not (its host is gone), the
     * replacement starts on another node that takes tablets, preferring one with fewer tablets of the shard. Asked
     * again (an apply that resumed), the recorded replacement is asked for again.
     */
    Provisioned<List<ProvisionedTablet>> rebuildTablet(String keyspace, String shard, String cell, String alias) {
        String name = cluster.config().cluster();
        try (EtcdTopoStore store = cluster.topoStore()) {
            NodeDirectory dir = new NodeDirectory(store, name);
            List<NodeRecord> live = live(dir);
            Topology topology = new EtcdTopologySource(store).read(name);
            ShardPlacement current = dir.placement(cell, keyspace, shard);
            int lostUid = uidOf(alias);
            Optional<ShardPlacement.Retired> done = current.retiredUid(lostUid);
            ShardPlacement.Retired retired;
            ShardPlacement next = current;
            if (done.isPresent()) {
                retired = done.get();
            } else {
                ShardPlacement.Placed lost = current.byUid(lostUid).orElse(null);
                if (lost == null || !lost.running()) {
                    return new Provisioned<>(List.of(), List.of());  // not placed, or stopped by the counts: nothing to replace
                }
                int uid = nextUid(lostUid, current, topology);
                String node = live.stream().anyMatch(n -> n.name().equals(lost.node())) ? lost.node() : otherNode(live, current, lost.node());
                next = current.rebuilt(lost, uid, node);
                dir.savePlacement(cell, keyspace, shard, next);
                retired = next.retiredUid(lostUid).orElseThrow();
            }
            int uid = retired.replacedBy();
            String node = next.byUid(uid).map(ShardPlacement.Placed::node).orElseThrow(() -> new IllegalStateException(
                    "tablet " + alias + " was replaced by uid " + uid + ", which the placement no longer has"));
            NodeRecord target = live.stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow(() -> new IllegalStateException(
                    "node " + node + ", chosen for the replacement of tablet " + alias + ", does not answer; the rebuild goes on when it is back"));
            if (node.equals(retired.node())) {
                NodeApi.TabletsResult r = client(target).rebuildTablet(new NodeApi.RebuildTablet(keyspace, shard, cell, alias, uid));
                return new Provisioned<>(r.tablets(), r.changes());
            }
            // the lost tablet's node is gone: the other node starts the replacement as one more placed tablet
            String replacement = ProvisionedTablet.alias(cell, uid);
            NodeApi.TabletsResult r = client(target).ensureTablets(new NodeApi.EnsureTablets(keyspace, shard, cell, 0, 0,
                    next.runningOn(node).stream().map(t -> new NodeApi.PlacedTablet(t.uid(), t.pool())).toList()));
            List<ProvisionedObject> changes = new ArrayList<>(r.changes());
            changes.add(new ProvisionedObject(ProvisionedObject.Effect.UNCHANGED, "node", retired.node() + " does not answer: the data of "
                    + alias + " stays there"));
            return new Provisioned<>(r.tablets().stream().filter(t -> t.alias().equals(replacement)).toList(), changes);
        }
    }

    /** A live node that takes tablets other than {@code not}, holding the fewest tablets of the shard, then by name. */
    private static String otherNode(List<NodeRecord> live, ShardPlacement p, String not) {
        return live.stream().filter(NodeRecord::runsTablets).filter(n -> !n.name().equals(not))
                .min(Comparator.comparingLong((NodeRecord n) -> p.tablets().stream().filter(t -> t.running() && t.node().equals(n.name())).count())
                        .thenComparing(NodeRecord::name))
                .map(NodeRecord::name)
                .orElseThrow(() -> new IllegalStateException("no other node that takes tablets answers; start one (shardops up"
                        + " --host-address ADDR --etcd-endpoints URLS) and apply again"));
    }

    private static int uidOf(String alias) {
        return Integer.parseInt(alias.substring(alias.lastIndexOf('-') + 1));
    }

    /** One past the highest uid of the block ever given: placed, retired, or in a tablet record. */
    private static int nextUid(int lostUid, ShardPlacement p, Topology t) {
        int block = lostUid / TabletAllocation.BLOCK;
        Set<Integer> given = new HashSet<>();
        p.tablets().forEach(x -> given.add(x.uid()));
        p.retired().forEach(x -> {
            given.add(x.uid());
            given.add(x.replacedBy());
        });
        t.tablets().values().forEach(r -> given.add(r.uid()));
        int max = given.stream().filter(u -> u / TabletAllocation.BLOCK == block).max(Integer::compare).orElse(lostUid);
        if (max + 1 >= (block + 1) * TabletAllocation.BLOCK) {
            throw new IllegalStateException("the tablet uids of block " + block * TabletAllocation.BLOCK + " are all given; tablet uid "
                    + lostUid + " cannot be replaced");
        }
        return max + 1;
    }

    private static Optional<TabletRecord> byAlias(Topology t, String alias) {
        return t.tablets().values().stream().filter(r -> r.alias().equals(alias)).findFirst();
    }

    /** A shard placed before the placement was kept: its tablets where their records say they run. */
    private static ShardPlacement fromTopology(Topology t, List<NodeRecord> nodes, String keyspace, String shard, String cell) {
        List<ShardPlacement.Placed> placed = new ArrayList<>();
        for (TabletRecord r : t.tablets().values()) {
            if (!r.keyspace().equals(keyspace) || !r.shard().equals(shard) || !r.cell().equals(cell)) {
                continue;
            }
            nodes.stream().filter(n -> n.address().equals(r.hostname())).findFirst().ifPresent(n -> placed.add(new ShardPlacement.Placed(
                    r.uid(), r.type() == TabletType.RDONLY ? TabletType.RDONLY : TabletType.REPLICA, n.name(), true)));
        }
        return new ShardPlacement(placed);
    }

    /** Tells every node that held or now holds a tablet of the shard what it runs; a node that does not answer is reported. */
    private Provisioned<List<ProvisionedTablet>> tell(List<NodeRecord> live, List<NodeRecord> registered, ShardPlacement before,
                                                      ShardPlacement after, Function<String, NodeApi.EnsureTablets> request) {
        Set<String> involved = new LinkedHashSet<>(after.nodes());
        involved.addAll(before.nodes());
        List<ProvisionedTablet> tablets = new ArrayList<>();
        List<ProvisionedObject> changes = new ArrayList<>();
        for (String node : involved) {
            Optional<NodeRecord> n = live.stream().filter(r -> r.name().equals(node)).findFirst();
            if (n.isEmpty()) {
                changes.add(new ProvisionedObject(ProvisionedObject.Effect.UNCHANGED, "node", node + " does not answer: its tablets of the shard wait for it"));
                continue;
            }
            NodeApi.TabletsResult r = client(n.get()).ensureTablets(request.apply(node));
            tablets.addAll(r.tablets());
            changes.addAll(r.changes());
        }
        return new Provisioned<>(tablets, changes);
    }

    Provisioned<Void> removeTablets(String keyspace, String shard, String cell, boolean purge) {
        String name = cluster.config().cluster();
        try (EtcdTopoStore store = cluster.topoStore()) {
            NodeDirectory dir = new NodeDirectory(store, name);
            List<NodeRecord> live = live(dir);
            ShardPlacement current = dir.placement(cell, keyspace, shard);
            List<ProvisionedObject> changes = new ArrayList<>();
            Set<String> involved = new LinkedHashSet<>(current.nodes());
            if (involved.isEmpty()) {
                live.stream().filter(NodeRecord::runsTablets).forEach(n -> involved.add(n.name()));
            }
            for (String node : involved) {
                Optional<NodeRecord> n = live.stream().filter(r -> r.name().equals(node)).findFirst();
                if (n.isEmpty()) {
                    changes.add(new ProvisionedObject(ProvisionedObject.Effect.UNCHANGED, "node", node + " does not answer: its tablets of the shard stay"));
                    continue;
                }
                NodeApi.ShardTablets request = new NodeApi.ShardTablets(keyspace, shard, cell);
                changes.addAll((purge ? client(n.get()).purgeTablets(request) : client(n.get()).removeTablets(request)).changes());
            }
            dir.savePlacement(cell, keyspace, shard, purge ? ShardPlacement.NONE : new ShardPlacement(current.tablets().stream()
                    .map(t -> new ShardPlacement.Placed(t.uid(), t.pool(), t.node(), false)).toList(), current.retired()));
            return new Provisioned<>(null, changes);
        }
    }
}
