package io.shardops.dataplane.gateway;

import io.shardops.spec.TabletType;

/** One shard of a keyspace at a tablet type: where one piece of a routed query runs. */
public record ShardTarget(String keyspace, String shard, TabletType tabletType) {
    @Override
    public String toString() {
        return keyspace + "/" + shard + "@" + tabletType.word();
    }
}
