package io.shardops.reconciler.apply.steps.schemachange;

import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.names;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.primaries;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import java.util.Optional;

/**
 * Before drop-tables drops the old table a cut-over kept: its reverse stream must go first (it writes into that
 * table), and the change becomes done, since no revert is possible without the old table.
 */
final class OldTableDrop {
    private final TabletManagers managers;

    OldTableDrop(TabletManagers managers) {
        this.managers = managers;
    }

    void beforeDrop(Action.DropTables a, StepContext ctx) throws StepException {
        SchemaChangeStore store = new SchemaChangeStore(ctx.writer().store(), ctx.cluster());
        Topology t = ctx.topology();
        for (String dropped : a.tables()) {
            Optional<String> table = SchemaChangeNames.tableOfOld(dropped);
            if (table.isEmpty()) {
                continue;
            }
            SchemaChangeNames names = names(a.keyspace(), table.get());
            for (TabletRecord p : primaries(t, a.keyspace(), a.shards()).values()) {
                managers.of(p).deleteStream(names.reverseStream());
            }
            if (store.get(a.keyspace(), table.get()).map(r -> r.stage() == SchemaChangeRecord.Stage.CUT_OVER).orElse(false)) {
                store.update(a.keyspace(), table.get(), r -> r.orElseThrow().with(SchemaChangeRecord.Stage.DONE, "old table dropped"));
            }
        }
    }
}
