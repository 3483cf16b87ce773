package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.planner.topology.SchemaChangeRecord;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.names;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.primaries;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.reverse;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.swapped;

import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.schema.TableDef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code schema-cutover} step: swaps the verified shadow in under a short hold, then starts the reverse stream
 * so the old table keeps following and {@code shardops revert} can swap back without losing a write.
 */
final class SchemaCutover {
    private final TabletManagers managers;
    private final ShardSchemaRecords records;
    private final TableSwap swap;
    private final Consumer<String> progress;

    SchemaCutover(TabletManagers managers, ShardSchemaRecords records, TableSwap swap, Consumer<String> progress) {
        this.managers = managers;
        this.records = records;
        this.swap = swap;
        this.progress = progress;
    }

    void cutover(Action.SchemaCutover a, StepContext ctx) throws Exception {
        SchemaChangeNames names = names(a.keyspace(), a.table());
        SchemaChangeStore store = new SchemaChangeStore(ctx.writer().store(), ctx.cluster());
        SchemaChangeRecord r = store.get(a.keyspace(), a.table()).orElseThrow(() -> new StepException(
                "schema-cutover " + a.target() + ": no schema change of it was started; its schema-change step must run first"));
        if (!"copy".equals(r.algorithm()) || r.stage() == SchemaChangeRecord.Stage.DONE || r.stage() == SchemaChangeRecord.Stage.CUT_OVER) {
            progress.accept("schema change " + a.target() + ": nothing to cut over (" + r.summary() + ")");
            return;
        }
        if (r.stage() != SchemaChangeRecord.Stage.FOLLOWING) {
            throw new StepException("schema-cutover " + a.target() + ": the change is " + r.stage().word() + "; it cuts over once copied and following");
        }
        Topology t = ctx.topology();
        Map<String, TabletRecord> primaries = primaries(t, a.keyspace(), a.shards());
        long held;
        if (swapped(managers, names, primaries)) {
            // apply died after the swap: only the hold is left to lift (and the rest below to do)
            for (TabletRecord p : primaries.values()) {
                managers.of(p).holdTables(List.of());
            }
            held = 0;
        } else {
            swap.catchUpBeforeHold(names.forwardStream(), primaries);
            held = swap.swapUnderHold(a.target(), a.table(), names.forwardStream(), names.shadow(), names.old(), primaries);
        }
        Optional<TableDef> before = ShardSchemaRecords.shardSchema(ctx.writer(), a.keyspace(), primaries.keySet().iterator().next()).table(a.table());
        for (Map.Entry<String, TabletRecord> e : primaries.entrySet()) {
            TabletManager m = managers.of(e.getValue());
            m.deleteStream(names.forwardStream());
            m.deleteStream(names.reverseStream());
            m.startStream(reverse(names, e.getValue()));
            records.recordTable(ctx.writer(), a.keyspace(), e.getKey(), a.table(), m);
        }
        store.update(a.keyspace(), a.table(), x -> x.orElseThrow().withBefore(before.orElse(null))
                .with(SchemaChangeRecord.Stage.CUT_OVER, "writes held " + held + " ms"));
        progress.accept("schema change " + a.target() + " cut over (writes held " + held + " ms); " + names.old()
                + " follows the new table: `shardops revert " + a.target() + "` swaps back without losing a write");
    }
}
