package io.shardops.planner.topology;

import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import java.util.List;
import java.util.Optional;

/**
 * {@code global/keyspaces/<ks>/shards/<shard>/Shard}.
 *
 * @param primaryAlias   the tablet elected primary, or null before {@code init-primary} (or with no tablets)
 * @param primaryServing whether the shard takes writes; false for a reshard target before the primary
 *                       switch and for a reshard source after it
 * @param tabletControls per tablet type, the tables the shard's tablets refuse
 * @param sourceShards   while a move fills this shard: where the rows come from
 * @param durability     the durability policy its tablets run with ({@code none}, {@code semi-sync}); null when
 *                       never set (a shard recorded before durability policies: its tablets run {@code none})
 * @param term           how many times its primary changed by a reparent or a failover; a tablet that was primary
 *                       under a lower term is a former primary and must not take writes
 */
public record ShardRecord(
        String keyspace,
        String name,
        KeyRange keyRange,
        String primaryAlias,
        boolean primaryServing,
        List<TabletControl> tabletControls,
        List<SourceShard> sourceShards,
        String durability,
        long term) {

    /** A shard without a durability policy recorded, in its first term. */
    public ShardRecord(String keyspace, String name, KeyRange keyRange, String primaryAlias, boolean primaryServing,
                       List<TabletControl> tabletControls, List<SourceShard> sourceShards) {
        this(keyspace, name, keyRange, primaryAlias, primaryServing, tabletControls, sourceShards, null, 0);
    }

    public ShardRecord {
        tabletControls = List.copyOf(tabletControls);
        sourceShards = List.copyOf(sourceShards);
    }

    /** The key of this shard in {@link Topology#shards()}: {@code ks/shard}. */
    public String key() {
        return Topology.shardKey(keyspace, name);
    }

    public Optional<TabletControl> tabletControl(TabletType tabletType) {
        return tabletControls.stream().filter(c -> c.tabletType() == tabletType).findFirst();
    }

    public ShardRecord withPrimary(String alias) {
        return new ShardRecord(keyspace, name, keyRange, alias, primaryServing, tabletControls, sourceShards, durability, term);
    }

    /** A new primary in a new term: a reparent or a failover. */
    public ShardRecord withNewPrimary(String alias) {
        return new ShardRecord(keyspace, name, keyRange, alias, primaryServing, tabletControls, sourceShards, durability, term + 1);
    }

    public ShardRecord withDurability(String word) {
        return new ShardRecord(keyspace, name, keyRange, primaryAlias, primaryServing, tabletControls, sourceShards, word, term);
    }

    /** The durability its tablets run with: {@code none} when never set. */
    public String durabilityOrNone() {
        return durability == null ? "none" : durability;
    }
}
