package io.shardops.planner.diff;

import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** How the plan's sentences name shards, tablets and tablet types. */
final class Words {
    private Words() {}

    static String key(String keyspace, String shard) {
        return keyspace + "/" + shard;
    }

    /** {@code 3 tablets (2 replica, 1 rdonly)}. */
    static String tablets(int replica, int rdonly) {
        int n = replica + rdonly;
        List<String> parts = new ArrayList<>();
        if (replica > 0) {
            parts.add(replica + " replica");
        }
        if (rdonly > 0) {
            parts.add(rdonly + " rdonly");
        }
        return n + (n == 1 ? " tablet" : " tablets") + " (" + String.join(", ", parts) + ")";
    }

    /** {@code customer/0} or {@code customer/-80, 80-}; long lists are shortened for people (the action keeps all). */
    static String shardList(String keyspace, List<String> shards) {
        if (shards.size() > 4) {
            return keyspace + "/" + shards.get(0) + " … " + shards.get(shards.size() - 1) + " (" + shards.size() + " shards)";
        }
        return keyspace + "/" + String.join(", ", shards);
    }

    /** The types in serving order: {@code rdonly, replica, primary}. */
    static String typeWords(Set<TabletType> types) {
        List<String> out = new ArrayList<>();
        for (TabletType t : Move.ALL_TYPES) {
            if (types.contains(t)) {
                out.add(t.word());
            }
        }
        return String.join(", ", out);
    }
}
