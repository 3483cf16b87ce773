package io.shardops.reconciler.host.local;

import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides which tablets of one shard in one cell start and stop so the shard has the wanted counts.
 * Pure: the node applies the result.
 *
 * <p>Uids come in blocks of {@value #BLOCK} per shard and cell, in the order shards first get tablets
 * (100, 200, ... as the reference's tutorial numbers them); within a block replicas are numbered before
 * rdonly tablets. A uid, once given, keeps its pool type, so the same pool position gets the same alias
 * again. Surplus tablets stop highest uid first, never the primary while another tablet can go instead;
 * missing tablets come back from stopped ones (lowest uid first, their data kept) before new uids are taken.
 *
 * @param start tablets to start: stopped ones again, or new ones (ports 0, to be chosen)
 * @param stop  tablets to stop (their data stays)
 * @param keep  tablets already running that stay
 */
public record TabletAllocation(List<TabletConfig> start, List<TabletConfig> stop, List<TabletConfig> keep) {
    public static final int BLOCK = 100;

    public TabletAllocation {
        start = List.copyOf(start);
        stop = List.copyOf(stop);
        keep = List.copyOf(keep);
    }

    public boolean changesNothing() {
        return start.isEmpty() && stop.isEmpty();
    }

    /**
     * @param all every tablet this node knows, running or not (uids are unique across them)
     */
    public static TabletAllocation decide(Collection<TabletConfig> all, String keyspace, String shard, String cell, TabletCounts wanted) {
        List<TabletConfig> mine = all.stream().filter(t -> t.belongsTo(keyspace, shard, cell))
                .sorted(Comparator.comparingInt(TabletConfig::uid)).toList();
        int base = mine.isEmpty() ? nextBlock(all) : mine.get(0).uid() / BLOCK * BLOCK;
        int nextUid = mine.stream().mapToInt(TabletConfig::uid).max().orElse(base - 1) + 1;
        List<TabletConfig> start = new ArrayList<>();
        List<TabletConfig> stop = new ArrayList<>();
        List<TabletConfig> keep = new ArrayList<>();
        for (TabletType pool : List.of(TabletType.REPLICA, TabletType.RDONLY)) {
            int n = pool == TabletType.REPLICA ? wanted.replica() : wanted.rdonly();
            List<TabletConfig> running = mine.stream().filter(t -> t.poolType() == pool && t.running()).toList();
            List<TabletConfig> stopped = mine.stream().filter(t -> t.poolType() == pool && !t.running()).toList();
            if (running.size() > n) {
                List<TabletConfig> byPreference = new ArrayList<>(running);
                // stop non-primaries first, highest uid first
                byPreference.sort(Comparator.comparing((TabletConfig t) -> t.type() == TabletType.PRIMARY)
                        .thenComparing(Comparator.comparingInt(TabletConfig::uid).reversed()));
                List<TabletConfig> surplus = byPreference.subList(0, running.size() - n);
                stop.addAll(surplus);
                running.stream().filter(t -> !surplus.contains(t)).forEach(keep::add);
                continue;
            }
            keep.addAll(running);
            int missing = n - running.size();
            for (TabletConfig t : stopped) {
                if (missing == 0) {
                    break;
                }
                start.add(t.withRunning(true));
                missing--;
            }
            for (; missing > 0; missing--) {
                if (nextUid >= base + BLOCK) {
                    throw new IllegalStateException("shard " + keyspace + "/" + shard + " in cell " + cell
                            + " would need more than " + BLOCK + " tablet uids (block " + base + ")");
                }
                int uid = nextUid++;
                start.add(new TabletConfig(ProvisionedTablet.alias(cell, uid), keyspace, shard, cell, uid, pool, pool,
                        0, 0, 0, true));
            }
        }
        return new TabletAllocation(start, stop, keep);
    }

    /**
     * The tablets of one shard a node must run when the cluster chose them ({@code placed}: uid and pool
     * type, a cluster over several hosts): the others of the shard on this node stop, the placed ones run,
     * as stopped ones again (their data kept) or new ones.
     */
    public static TabletAllocation exactly(Collection<TabletConfig> all, String keyspace, String shard, String cell,
                                           List<NodeApi.PlacedTablet> placed) {
        List<TabletConfig> mine = all.stream().filter(t -> t.belongsTo(keyspace, shard, cell))
                .sorted(Comparator.comparingInt(TabletConfig::uid)).toList();
        List<TabletConfig> start = new ArrayList<>();
        List<TabletConfig> stop = new ArrayList<>();
        List<TabletConfig> keep = new ArrayList<>();
        for (NodeApi.PlacedTablet p : placed) {
            String alias = ProvisionedTablet.alias(cell, p.uid());
            Optional<TabletConfig> known = all.stream().filter(t -> t.alias().equals(alias)).findFirst();
            if (known.isPresent() && !known.get().belongsTo(keyspace, shard, cell)) {
                throw new IllegalStateException("tablet " + alias + " is of " + known.get().keyspace() + "/" + known.get().shard()
                        + " on this node, not of " + keyspace + "/" + shard);
            }
            if (known.isEmpty()) {
                start.add(new TabletConfig(alias, keyspace, shard, cell, p.uid(), p.poolType(), p.poolType(), 0, 0, 0, true));
            } else if (known.get().running()) {
                keep.add(known.get());
            } else {
                start.add(known.get().withRunning(true));
            }
        }
        List<Integer> uids = placed.stream().map(NodeApi.PlacedTablet::uid).toList();
        mine.stream().filter(t -> t.running() && !uids.contains(t.uid())).forEach(stop::add);
        return new TabletAllocation(start, stop, keep);
    }

    private static int nextBlock(Collection<TabletConfig> all) {
        int maxBlock = all.stream().mapToInt(t -> t.uid() / BLOCK).max().orElse(0);
        return (maxBlock + 1) * BLOCK;
    }
}
