package io.shardops.dataplane.gateway;

import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The primary each shard had in the routings seen so far. A statement in flight on a primary that a failover
 * replaced (its host cut off, say) would wait as long as the partition lasts; the gateway ends those statements
 * when a routing names another primary, so clients get an error at once and retry on the new one. A shard briefly
 * without a primary in between keeps its last one here, so the change is still seen when the new one appears.
 */
final class ShardPrimaries {
    private final Map<String, TabletEndpoint> last = new HashMap<>();

    /** The former primaries {@code snapshot} replaced by another tablet; remembers its primaries. */
    synchronized List<TabletEndpoint> replaced(RoutingSnapshot snapshot) {
        List<TabletEndpoint> out = new ArrayList<>();
        for (String keyspace : snapshot.keyspaces()) {
            for (ShardRef shard : snapshot.allShards(keyspace)) {
                List<TabletEndpoint> now = snapshot.tablets(keyspace, shard.name(), TabletType.PRIMARY);
                if (now.isEmpty()) {
                    continue;
                }
                TabletEndpoint before = last.put(keyspace + "/" + shard.name(), now.get(0));
                if (before != null && !before.alias().equals(now.get(0).alias())) {
                    out.add(before);
                }
            }
        }
        return out;
    }
}
