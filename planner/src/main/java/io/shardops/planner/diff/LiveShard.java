package io.shardops.planner.diff;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the live topology holds of one shard, gathered in one pass by {@link LiveView}: a phase that visits every
 * shard reads it with one lookup and compares a few counts, instead of looking the shard up in four maps under a
 * freshly built {@code ks/shard} key. On a cluster of 10,000 shards where one changed, that lookup is most of the plan.
 */
final class LiveShard {
    /** A shard the topology knows nothing of. */
    static final LiveShard NONE = new LiveShard();

    private ShardRecord record;
    private final List<TabletRecord> tablets = new ArrayList<>(3);
    private int replica;
    private int rdonly;
    private boolean primaryTablet;
    private ShardSchema schema;
    private List<String> needsRebuild = List.of();

    void record(ShardRecord r) {
        record = r;
    }

    void add(TabletRecord t) {
        tablets.add(t);
        if (t.type() == TabletType.RDONLY) {
            rdonly++;
        } else {
            replica++;
            primaryTablet |= t.type() == TabletType.PRIMARY;
        }
    }

    void schema(ShardSchema s) {
        schema = s;
    }

    void needsRebuild(List<String> aliases) {
        needsRebuild = aliases;
    }

    /** The shard's record, or null when the topology has none. */
    ShardRecord record() {
        return record;
    }

    List<TabletRecord> tablets() {
        return tablets;
    }

    /** Tablets counted as the spec counts them: the primary is one of the replicas. */
    int replica() {
        return replica;
    }

    int rdonly() {
        return rdonly;
    }

    /** Whether the shard's record names a primary and one of its tablets is typed primary. */
    boolean hasPrimary() {
        return record != null && record.primaryAlias() != null && primaryTablet;
    }

    /** The tables its primary held when last read, or null. */
    ShardSchema schema() {
        return schema;
    }

    /** The tablets its failover record keeps out ({@code needs-rebuild}); mostly none. */
    List<String> needsRebuild() {
        return needsRebuild;
    }
}
