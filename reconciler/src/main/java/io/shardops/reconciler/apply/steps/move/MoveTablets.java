package io.shardops.reconciler.apply.steps.move;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.spec.TabletType;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which tablets a move reads from and writes to, as the topology says. */
final class MoveTablets {
    private MoveTablets() {}

    static List<TabletRecord> running(Topology t, String keyspace, String shard) {
        return t.tablets().values().stream()
                .filter(r -> r.keyspace().equals(keyspace) && r.shard().equals(shard) && r.state() != TabletState.STOPPED)
                .sorted(Comparator.comparingInt(TabletRecord::uid)).toList();
    }

    static Optional<TabletRecord> primary(Topology t, String keyspace, String shard) {
        Optional<ShardRecord> s = t.shard(keyspace, shard);
        if (s.isEmpty() || s.get().primaryAlias() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(t.tablets().get(s.get().primaryAlias())).filter(r -> r.state() != TabletState.STOPPED);
    }

    static TabletRecord requirePrimary(Topology t, String keyspace, String shard) throws StepException {
        return primary(t, keyspace, shard).orElseThrow(() -> new StepException(
                "shard " + keyspace + "/" + shard + " has no running primary; its init-primary step must run first"));
    }

    /**
     * The tablet a stream copies from: an rdonly where one runs (as Vitess's vreplication prefers), else
     * a replica, else the primary. Reading from a non-primary keeps the copy's load off the writes.
     */
    static TabletRecord copySource(Topology t, String keyspace, String shard) throws StepException {
        List<TabletRecord> tablets = running(t, keyspace, shard);
        String primary = primary(t, keyspace, shard).map(TabletRecord::alias).orElse("");
        for (TabletType type : List.of(TabletType.RDONLY, TabletType.REPLICA)) {
            Optional<TabletRecord> r = tablets.stream()
                    .filter(x -> x.type() == type && !x.alias().equals(primary) && x.state() == TabletState.SERVING).findFirst();
            if (r.isPresent()) {
                return r.get();
            }
        }
        return requirePrimary(t, keyspace, shard);
    }

    /** The name of the forward stream on a target primary, one per source shard. */
    static String forwardStream(WorkflowRecord w, String sourceShard) {
        return w.name() + "." + sourceShard;
    }

    /** The name of the reverse stream on a source primary, one per target shard. */
    static String reverseStream(WorkflowRecord w, String targetShard) {
        return w.name() + ".reverse." + targetShard;
    }
}
