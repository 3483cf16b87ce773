package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.planner.topology.SchemaChangeRecord;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.names;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.primaries;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.reverse;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.stream;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeSteps.COPY_LIMIT;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeSteps.PROGRESS_EVERY;

import io.shardops.dataplane.tablet.StreamStatus;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.dataplane.tablet.copy.StreamState;
import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.sql.Sql;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code shardops revert KS.TABLE}: the cut-over in reverse. Only possible while the old table is still there and
 * follows the new one through the reverse stream; the etcd schema goes back to the definition from before the change.
 */
final class SchemaRevert {
    private static final long POLL_MILLIS = 200;

    private final TabletManagers managers;
    private final ShardSchemaRecords records;
    private final ShadowVerify verify;
    private final TableSwap swap;
    private final Consumer<String> progress;

    SchemaRevert(TabletManagers managers, ShardSchemaRecords records, ShadowVerify verify, TableSwap swap, Consumer<String> progress) {
        this.managers = managers;
        this.records = records;
        this.verify = verify;
        this.swap = swap;
        this.progress = progress;
    }

    /**
     * The {@code schema-revert} step (a revert commit, or a change the spec no longer asks for): as {@link #revert},
     * and nothing when the change was reverted already (the step ran before an interruption).
     */
    void revertStep(Action.SchemaRevert a, StepContext ctx) throws Exception {
        SchemaChangeStore store = new SchemaChangeStore(ctx.writer().store(), ctx.cluster());
        Optional<SchemaChangeRecord> r = store.get(a.keyspace(), a.table());
        if (r.isPresent() && r.get().stage() == SchemaChangeRecord.Stage.REVERTED) {
            progress.accept("schema change " + a.target() + " already reverted (" + r.get().summary() + ")");
            return;
        }
        progress.accept(revert(a.keyspace(), a.table(), ctx)
                .replace("; the spec still asks for the change: revert it in the spec too, or the next apply runs it again", ""));
    }

    /**
     * Swaps the old table back in, once its reverse stream follows, and says how long writes were held. A change not
     * cut over yet is cancelled instead: its stream stops and its shadow table goes; the table never changed.
     */
    String revert(String keyspace, String table, StepContext ctx) throws Exception {
        SchemaChangeNames names = names(keyspace, table);
        SchemaChangeStore store = new SchemaChangeStore(ctx.writer().store(), ctx.cluster());
        SchemaChangeRecord r = store.get(keyspace, table).orElseThrow(() -> new StepException("no schema change of " + keyspace + "." + table + " to revert"));
        if (r.stage().inFlight() && r.online()) {
            return cancel(r, names, store, ctx);
        }
        if (r.stage() != SchemaChangeRecord.Stage.CUT_OVER) {
            throw new StepException("the schema change of " + keyspace + "." + table + " is " + r.stage().word()
                    + (r.stage() == SchemaChangeRecord.Stage.DONE ? (r.algorithm().equals("copy") ? "; its old table was dropped"
                    : "; it ran " + r.algorithm() + ", with no old table kept") : "")
                    + "; only a change that is cut over, with its old table still there, can be reverted");
        }
        Map<String, TabletRecord> primaries = primaries(ctx.topology(), keyspace, r.shards());
        awaitReverse(keyspace + "." + table, names, primaries);
        progress.accept("revert of " + keyspace + "." + table + ": " + names.old() + " verified: "
                + verify.verify("revert of " + keyspace + "." + table, table, names.old(), names.reverseStream(), primaries));
        swap.catchUpBeforeHold(names.reverseStream(), primaries);
        long held = swap.swapUnderHold("revert of " + keyspace + "." + table, table, names.reverseStream(), names.old(), names.shadow(), primaries);
        for (Map.Entry<String, TabletRecord> e : primaries.entrySet()) {
            TabletManager m = managers.of(e.getValue());
            m.deleteStream(names.reverseStream());
            records.recordReverted(ctx.writer(), keyspace, e.getKey(), table, Optional.ofNullable(r.before()), m);
        }
        store.update(keyspace, table, x -> x.orElseThrow().with(SchemaChangeRecord.Stage.REVERTED, "writes held " + held + " ms"));
        return keyspace + "." + table + " reverted to its old definition (writes held " + held + " ms); the spec still asks for the change:"
                + " revert it in the spec too, or the next apply runs it again";
    }

    private String cancel(SchemaChangeRecord r, SchemaChangeNames names, SchemaChangeStore store, StepContext ctx) throws Exception {
        String what = r.keyspace() + "." + r.table();
        Map<String, TabletRecord> primaries = primaries(ctx.topology(), r.keyspace(), r.shards());
        if (SchemaChangeShards.swapped(managers, names, primaries)) {
            throw new StepException("the schema change of " + what + " was swapped in by a cut-over that was interrupted; apply again to"
                    + " finish the cut-over, then revert it");
        }
        for (TabletRecord p : primaries.values()) {
            TabletManager m = managers.of(p);
            m.deleteStream(names.forwardStream());
            m.applySchema(List.of("drop table if exists " + Sql.identifier(names.shadow())));
        }
        store.update(r.keyspace(), r.table(), x -> x.orElseThrow().with(SchemaChangeRecord.Stage.REVERTED, "cancelled before its cut-over"));
        return "schema change of " + what + " cancelled before its cut-over: " + names.shadow() + " dropped, the table never changed";
    }

    /** Waits for every reverse stream to follow, (re)starting one that is missing or stopped. */
    private void awaitReverse(String what, SchemaChangeNames names, Map<String, TabletRecord> primaries) throws Exception {
        long deadline = System.nanoTime() + COPY_LIMIT.toNanos();
        long lastReport = System.nanoTime();
        while (true) {
            boolean ready = true;
            for (Map.Entry<String, TabletRecord> e : primaries.entrySet()) {
                TabletManager m = managers.of(e.getValue());
                Optional<StreamStatus> s = stream(m, names.reverseStream());
                if (s.isEmpty() || s.get().state() == StreamState.STOPPED) {
                    m.startStream(reverse(names, e.getValue()));
                    ready = false;
                } else if (s.get().state() == StreamState.ERROR) {
                    throw new StepException("revert of " + what + ": the reverse stream on " + e.getKey() + " failed: " + s.get().message());
                } else {
                    ready &= s.get().state() == StreamState.RUNNING;
                }
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() - lastReport > PROGRESS_EVERY.toNanos()) {
                progress.accept("revert of " + what + ": waiting for " + names.old() + " to catch up with the new table");
                lastReport = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new StepException("revert of " + what + ": the old table did not catch up within " + COPY_LIMIT.toMinutes() + " min");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
