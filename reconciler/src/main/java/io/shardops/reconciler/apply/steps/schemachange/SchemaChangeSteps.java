package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.Cluster;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs {@code schema-change} and {@code schema-cutover}, and {@code shardops revert}. Every part is safe to run again:
 * the record in etcd says how far the change got, the streams keep their position in each primary's MariaDB, and the
 * swap does nothing when it was done. This class is the entry point apply and the revert command use; each stage
 * lives in its own class ({@link SchemaChangeStart}, {@link SchemaCutover}, {@link SchemaRevert}, {@link OldTableDrop}).
 */
public final class SchemaChangeSteps {
    /** How long schema-change waits for the copy (the streams go on; a rerun waits again). */
    static final Duration COPY_LIMIT = Duration.ofHours(2);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final SchemaChangeStart start;
    private final SchemaCutover cutover;
    private final SchemaRevert revert;
    private final OldTableDrop drop;

    /** @param desired the spec being applied (its table definitions go into the topology), or null for a saved plan */
    public SchemaChangeSteps(TabletManagers managers, Cluster desired, Consumer<String> progress) {
        ShardSchemaRecords records = new ShardSchemaRecords(desired);
        ShadowVerify verify = new ShadowVerify(managers);
        TableSwap swap = new TableSwap(managers, progress);
        this.start = new SchemaChangeStart(managers, records, verify, progress);
        this.cutover = new SchemaCutover(managers, records, swap, progress);
        this.revert = new SchemaRevert(managers, records, verify, swap, progress);
        this.drop = new OldTableDrop(managers, progress);
    }

    public void change(Action.SchemaChange a, StepContext ctx) throws Exception {
        start.change(a, ctx);
    }

    public void cutover(Action.SchemaCutover a, StepContext ctx) throws Exception {
        cutover.cutover(a, ctx);
    }

    /** {@code shardops revert KS.TABLE}: swaps the old table back in, once its reverse stream follows, and says how long writes were held. */
    public String revert(String keyspace, String table, StepContext ctx) throws Exception {
        return revert.revert(keyspace, table, ctx);
    }

    /** The {@code schema-revert} step: a revert commit swaps the old table back, or a change not cut over is cancelled. */
    public void revertStep(Action.SchemaRevert a, StepContext ctx) throws Exception {
        revert.revertStep(a, ctx);
    }

    /** The {@code drop-old-table} step: a confirmed change's reverse stream stops and its old table goes. */
    public void dropOldTable(Action.DropOldTable a, StepContext ctx) throws StepException {
        drop.drop(a, ctx);
    }

    /**
     * {@code shardops confirm KS.TABLE}: the cut-over change stays; the next plan drops its old table (a destroy step).
     * Nothing live changes here: until that step runs, a revert is still possible.
     */
    public static String confirm(String keyspace, String table, StepContext ctx) throws StepException {
        SchemaChangeStore store = new SchemaChangeStore(ctx.writer().store(), ctx.cluster());
        SchemaChangeRecord r = store.get(keyspace, table).orElseThrow(() -> new StepException("no schema change of " + keyspace + "." + table + " to confirm"));
        if (!r.revertible()) {
            throw new StepException("the schema change of " + keyspace + "." + table + " is " + r.stage().word()
                    + (r.online() ? "" : " (ran " + r.algorithm() + ", no old table kept)")
                    + "; only a cut-over change whose old table is still there is confirmed");
        }
        store.update(keyspace, table, x -> x.orElseThrow().confirm());
        return "schema change of " + keyspace + "." + table + " confirmed; the next plan drops " + new SchemaChangeNames(keyspace, table).old()
                + " (a destroy step: drop-old-table " + keyspace + "." + table + "); until it runs, `shardops revert " + keyspace + "." + table
                + "` still swaps back";
    }

    /** Before drop-tables drops an old table of a change: its reverse stream goes, and the change is done (no revert after this). */
    public void beforeDrop(Action.DropTables a, StepContext ctx) throws StepException {
        drop.beforeDrop(a, ctx);
    }
}
