package io.shardops.reconciler.apply.steps.schemachange;

import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.names;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.primaries;

import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.sql.Sql;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The end of a change's revert window: {@code drop-old-table} (planned once the change is confirmed) stops the
 * reverse stream, which writes into the old table, and drops the old table on every primary; the change is done.
 * Also the same clean-up when a drop-tables step names an old table.
 */
final class OldTableDrop {
    private final TabletManagers managers;
    private final Consumer<String> progress;

    OldTableDrop(TabletManagers managers, Consumer<String> progress) {
        this.managers = managers;
        this.progress = progress;
    }

    void drop(Action.DropOldTable a, StepContext ctx) throws StepException {
        SchemaChangeNames names = names(a.keyspace(), a.table());
        SchemaChangeStore store = new SchemaChangeStore(ctx.writer().store(), ctx.cluster());
        SchemaChangeRecord r = store.get(a.keyspace(), a.table()).orElseThrow(() -> new StepException(
                "drop-old-table " + a.target() + ": no schema change of it is recorded; plan again"));
        if (r.stage() == SchemaChangeRecord.Stage.DONE) {
            progress.accept("schema change " + a.target() + ": old table already dropped (" + r.summary() + ")");
            return;
        }
        if (!r.oldTableToDrop()) {
            throw new StepException("drop-old-table " + a.target() + ": the change is " + r.stage().word() + (r.confirmed() ? "" : ", not confirmed")
                    + "; only a confirmed, cut-over change's old table is dropped. Plan again");
        }
        for (TabletRecord p : primaries(ctx.topology(), a.keyspace(), a.shards()).values()) {
            TabletManager m = managers.of(p);
            m.deleteStream(names.reverseStream());
            m.applySchema(List.of("drop table if exists " + Sql.identifier(names.old())));
        }
        store.update(a.keyspace(), a.table(), x -> x.orElseThrow().with(SchemaChangeRecord.Stage.DONE, "old table dropped"));
        progress.accept("schema change " + a.target() + " done: " + names.old() + " dropped on " + a.shards().size()
                + " shard(s); it can no longer be reverted");
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
