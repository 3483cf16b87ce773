package io.shardops.reconciler.backup;

import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.spec.TabletType;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which tablet of a shard a backup is taken on: one of the preferred type ({@code from}), else the other
 * non-primary type, and the primary only when the shard runs nothing else (a backup adds read load the serving
 * primary should not carry when a replica can).
 */
public final class BackupSourceChoice {
    private BackupSourceChoice() {}

    public static Optional<TabletRecord> choose(Topology t, String keyspace, String shard, TabletType from) {
        List<TabletRecord> up = t.tablets().values().stream()
                .filter(r -> r.keyspace().equals(keyspace) && r.shard().equals(shard))
                .filter(r -> r.state() == TabletState.SERVING || r.state() == TabletState.NOT_SERVING)
                .sorted(Comparator.comparing(TabletRecord::alias))
                .toList();
        TabletType other = from == TabletType.RDONLY ? TabletType.REPLICA : TabletType.RDONLY;
        for (TabletType type : List.of(from, other, TabletType.PRIMARY)) {
            Optional<TabletRecord> r = up.stream().filter(x -> x.type() == type).findFirst();
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }
}
