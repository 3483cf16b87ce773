package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.planner.topology.SchemaChangeRecord;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.forward;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.names;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.primaries;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.stream;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.swapped;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeSteps.COPY_LIMIT;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeSteps.PROGRESS_EVERY;

import io.shardops.dataplane.tablet.StreamStatus;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.dataplane.tablet.TableSchema;
import io.shardops.dataplane.tablet.copy.StreamState;
import io.shardops.dataplane.tablet.shadow.AlterAlgorithm;
import io.shardops.planner.diff.SchemaDiffs;
import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.move.CopyWait;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.schema.TableDef;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code schema-change} step: runs the ALTER in place when MariaDB can do it without blocking writes, else
 * copies the table into a shadow that follows the binlog and verifies it, leaving the swap to {@code schema-cutover}.
 */
final class SchemaChangeStart {
    private static final long POLL_MILLIS = 200;

    private final TabletManagers managers;
    private final ShardSchemaRecords records;
    private final ShadowVerify verify;
    private final Consumer<String> progress;

    SchemaChangeStart(TabletManagers managers, ShardSchemaRecords records, ShadowVerify verify, Consumer<String> progress) {
        this.managers = managers;
        this.records = records;
        this.verify = verify;
        this.progress = progress;
    }

    void change(Action.SchemaChange a, StepContext ctx) throws Exception {
        SchemaChangeNames names = names(a.keyspace(), a.table());
        String clauses = names.clauses(a);
        SchemaChangeStore store = new SchemaChangeStore(ctx.writer().store(), ctx.cluster());
        Topology t = ctx.topology();
        Optional<SchemaChangeRecord> previous = store.get(a.keyspace(), a.table());
        Optional<String> refused = SchemaChangeGuard.refusal(a.keyspace(), a.table(), a.alter(), t.workflows().values(), previous);
        if (refused.isPresent()) {
            throw new StepException("schema-change " + a.target() + " refused: " + refused.get());
        }
        Map<String, TabletRecord> primaries = primaries(t, a.keyspace(), a.shards());
        boolean resumed = SchemaChangeGuard.resumes(a.alter(), previous);
        if (previous.isPresent() && previous.get().alter().equals(a.alter())
                && (previous.get().stage() == SchemaChangeRecord.Stage.CUT_OVER || previous.get().stage() == SchemaChangeRecord.Stage.DONE)) {
            progress.accept("schema change " + a.target() + " already ran: " + previous.get().summary());
            return;
        }
        if (resumed && swapped(managers, names, primaries)) {
            progress.accept("schema change " + a.target() + ": already swapped in by a cut-over that was interrupted; its schema-cutover step finishes it");
            return;
        }
        AlterAlgorithm algorithm = resumed ? AlterAlgorithm.COPY
                : managers.of(primaries.values().iterator().next()).probeAlter(a.table(), clauses);
        if (algorithm.blocksWrites()) {
            requirePrimaryKey(a, primaries.values().iterator().next());
        }
        if (!algorithm.blocksWrites()) {
            runInPlace(a, algorithm, primaries, store, ctx.writer());
            return;
        }
        long total = 0;
        for (TabletRecord p : primaries.values()) {
            total += managers.of(p).estimatedRows(a.table());
        }
        long rowsTotal = total;
        store.put(new SchemaChangeRecord(a.keyspace(), a.table(), a.shards(), a.alter(), algorithm.word(), SchemaChangeRecord.Stage.COPYING,
                resumed ? previous.get().rowsCopied() : 0, rowsTotal, 0, ""));
        progress.accept("schema change " + a.target() + ": MariaDB can only copy the table for this ALTER; running it online through "
                + names.shadow() + " on " + primaries.size() + " shard(s), ~" + rowsTotal + " row(s)" + (resumed ? " (resumed)" : ""));
        for (TabletRecord p : primaries.values()) {
            TabletManager m = managers.of(p);
            if (!resumed) {
                m.deleteStream(names.forwardStream());  // one left by a reverted change of the same table
                m.deleteStream(names.reverseStream());  // the old table of an earlier change stops following: this change supersedes it
            }
            m.createShadowTable(a.table(), names.shadow(), clauses, !resumed);
            m.startStream(forward(names, p));
        }
        awaitCopied(a, names, primaries, store);
        String verified = verify.verify(a.target(), a.table(), names.shadow(), names.forwardStream(), primaries);
        store.update(a.keyspace(), a.table(), r -> r.orElseThrow().with(SchemaChangeRecord.Stage.FOLLOWING, verified));
        progress.accept("schema change " + a.target() + ": " + names.shadow() + " copied and following the binlog of " + a.table()
                + "; verified: " + verified);
    }

    private void runInPlace(Action.SchemaChange a, AlterAlgorithm algorithm, Map<String, TabletRecord> primaries, SchemaChangeStore store,
                            TopologyWriter writer) {
        long t0 = System.nanoTime();
        for (Map.Entry<String, TabletRecord> e : primaries.entrySet()) {
            TabletManager m = managers.of(e.getValue());
            if (!alreadyHas(m, a)) {
                m.applySchema(List.of(algorithm.statement(a.alter())));
            }
            records.recordTable(writer, a.keyspace(), e.getKey(), a.table(), m);
        }
        store.put(new SchemaChangeRecord(a.keyspace(), a.table(), a.shards(), a.alter(), algorithm.word(), SchemaChangeRecord.Stage.DONE, 0, 0, 0, ""));
        progress.accept(String.format(Locale.ROOT, "schema change %s ran %s (%s) on %d shard(s) in %.0f ms; writes were not blocked", a.target(),
                algorithm.word(), algorithm.clause(), primaries.size(), (System.nanoTime() - t0) / 1e6));
    }

    /** Whether the shard's etcd schema already shows the spec's definition: the ALTER ran before an interruption. */
    private boolean alreadyHas(TabletManager m, Action.SchemaChange a) {
        Optional<TableDef> want = records.specTable(a.keyspace(), a.table());
        List<TableSchema> live = m.schema(List.of(a.table()));
        if (want.isEmpty() || live.isEmpty()) {
            return false;
        }
        return ShardSchemaRecords.parse(live.get(0).createSql()).map(d -> SchemaDiffs.same(want.get(), d)).orElse(false);
    }

    /** Waits for every shard's forward stream to finish its copy and follow the binlog, recording progress in etcd. */
    private void awaitCopied(Action.SchemaChange a, SchemaChangeNames names, Map<String, TabletRecord> primaries, SchemaChangeStore store)
            throws Exception {
        long started = System.nanoTime();
        long lastReport = started;
        long firstRows = -1;
        while (true) {
            long rows = 0;
            long toCopy = 0;
            long lag = 0;
            boolean allRunning = true;
            for (Map.Entry<String, TabletRecord> e : primaries.entrySet()) {
                StreamStatus s = stream(managers.of(e.getValue()), names.forwardStream()).orElse(null);
                if (s == null) {
                    allRunning = false;
                    continue;
                }
                if (s.state() == StreamState.ERROR) {
                    throw new StepException("schema change " + a.target() + ": the copy into " + names.shadow() + " on " + a.keyspace() + "/"
                            + e.getKey() + " failed: " + s.message() + "; fix the cause and apply again, it resumes");
                }
                rows += s.rowsCopied();
                toCopy += s.rowsToCopy();
                lag = Math.max(lag, s.lagSeconds());
                allRunning &= s.state() == StreamState.RUNNING;
            }
            if (firstRows < 0) {
                firstRows = rows;
            }
            long copied = rows;
            long total = toCopy;
            long lagNow = lag;
            long now = System.nanoTime();
            double seconds = (now - started) / 1e9;
            long perSecond = seconds < 1 ? 0 : Math.round((rows - firstRows) / seconds);
            long eta = allRunning ? 0 : perSecond > 0 && toCopy > rows ? (toCopy - rows) / perSecond : -1;
            store.update(a.keyspace(), a.table(), r -> r.orElseThrow().withProgress(copied, total > 0 ? total : r.get().rowsTotal(), lagNow,
                    perSecond, eta));
            if (allRunning) {
                return;
            }
            if (now - lastReport >= PROGRESS_EVERY.toNanos()) {
                progress.accept("schema change " + a.target() + ": " + CopyWait.copyProgress(rows, toCopy, (rows - firstRows) / seconds));
                lastReport = now;
            }
            if (now - started > COPY_LIMIT.toNanos()) {
                throw new StepException("schema change " + a.target() + ": the copy did not finish within " + COPY_LIMIT.toMinutes()
                        + " min; it goes on in the tablets, apply again to wait for it");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The copy orders, resumes and applies rows by primary key: a table without one cannot change online. */
    private void requirePrimaryKey(Action.SchemaChange a, TabletRecord primary) throws StepException {
        boolean hasKey = ShardSchemaRecords.liveTable(managers.of(primary), a.table()).map(d -> !d.primaryKey().isEmpty()).orElse(true);
        if (!hasKey) {
            throw new StepException("schema change " + a.target() + ": MariaDB can only copy the table for this ALTER, and the table has no"
                    + " primary key, which an online change needs to copy and follow it; add one first (a separate change), or set"
                    + " schemaChanges.strategy: direct for keyspace " + a.keyspace() + " (the ALTER then blocks writes while MariaDB copies)");
        }
    }
}
