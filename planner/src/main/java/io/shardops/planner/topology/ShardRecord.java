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
 */
public record ShardRecord(
        String keyspace,
        String name,
        KeyRange keyRange,
        String primaryAlias,
        boolean primaryServing,
        List<TabletControl> tabletControls,
        List<SourceShard> sourceShards) {

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
        return new ShardRecord(keyspace, name, keyRange, alias, primaryServing, tabletControls, sourceShards);
    }
}
