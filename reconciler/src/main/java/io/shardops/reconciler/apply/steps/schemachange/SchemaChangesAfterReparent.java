package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * After a shard's primary changed (a failover or a planned reparent), the streams of the online schema changes on
 * that shard are started on its new primary: the forward stream of a change still copying or following, the
 * reverse stream of one cut over whose old table is kept (so a revert still loses nothing). The shadow and old
 * tables, the rows the streams wrote and their stored positions all reached the new primary by replication, so
 * each stream goes on from where it stood.
 */
public final class SchemaChangesAfterReparent {
    private SchemaChangesAfterReparent() {}

    /** The changes ({@code ks.table}) whose stream was started again; a failure is logged and skipped. */
    public static List<String> restart(TabletManagers managers, Topology t, String keyspace, String shard, Consumer<String> log) {
        List<String> restarted = new ArrayList<>();
        for (SchemaChangeRecord r : t.schemaChanges().values()) {
            if (!r.keyspace().equals(keyspace) || !r.shards().contains(shard)) {
                continue;
            }
            try {
                SchemaChangeNames names = SchemaChangeShards.names(keyspace, r.table());
                Map<String, TabletRecord> primaries = SchemaChangeShards.primaries(t, keyspace, List.of(shard));
                TabletRecord primary = primaries.get(shard);
                switch (r.stage()) {
                    case COPYING, FOLLOWING -> managers.of(primary).startStream(SchemaChangeShards.forward(names, primary));
                    case CUT_OVER -> managers.of(primary).startStream(SchemaChangeShards.reverse(names, primary));
                    case REVERTED, DONE -> {
                        continue;  // nothing streams any more
                    }
                }
                restarted.add(keyspace + "." + r.table());
            } catch (StepException | RuntimeException e) {
                log.accept("schema change of " + keyspace + "." + r.table() + ": its stream could not follow the new primary of " + keyspace
                        + "/" + shard + " (" + e.getMessage() + "); revert the change or run it again");
            }
        }
        return restarted;
    }
}
