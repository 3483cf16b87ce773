package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.dataplane.tablet.StreamSpec;
import io.shardops.dataplane.tablet.StreamStatus;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.dataplane.tablet.TableSchema;
import io.shardops.dataplane.tablet.copy.StreamState;
import io.shardops.dataplane.tablet.shadow.AlterAlgorithm;
import io.shardops.dataplane.tablet.shadow.TableChecksum;
import io.shardops.planner.diff.SchemaDiffs;
import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.reconciler.apply.steps.move.CopyWait;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.Cluster;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.ddl.CreateTableParser;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.sql.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs {@code schema-change} and {@code schema-cutover}, and {@code shardops revert}. Every part is safe to run again:
 * the record in etcd says how far the change got, the streams keep their position in each primary's MariaDB, and the
 * swap does nothing when it was done.
 */
public final class SchemaChangeSteps {
    /** How long schema-change waits for the copy (the streams go on; a rerun waits again). */
    static final Duration COPY_LIMIT = Duration.ofHours(2);
    /** How long the cut-over waits, writes held, for the shadow to apply the table's last write. */
    static final Duration CATCH_UP = Duration.ofSeconds(10);
    /** How long a transaction that wrote to the table may stay open once it is held, before it is killed. */
    static final Duration OPEN_TRANSACTION_GRACE = Duration.ofSeconds(1);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 200;

    private final TabletManagers managers;
    private final Cluster desired;
    private final Consumer<String> progress;

    /** @param desired the spec being applied (its table definitions go into the topology), or null for a saved plan */
    public SchemaChangeSteps(TabletManagers managers, Cluster desired, Consumer<String> progress) {
        this.managers = managers;
        this.desired = desired;
        this.progress = progress;
    }

    // ---- schema-change

    public void change(Action.SchemaChange a, StepContext ctx) throws Exception {
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
        if (resumed && swapped(names, primaries)) {
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
        String verified = verify(a.target(), a.table(), names.shadow(), names.forwardStream(), primaries);
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
            recordTable(writer, a.keyspace(), e.getKey(), a.table(), m);
        }
        store.put(new SchemaChangeRecord(a.keyspace(), a.table(), a.shards(), a.alter(), algorithm.word(), SchemaChangeRecord.Stage.DONE, 0, 0, 0, ""));
        progress.accept(String.format(Locale.ROOT, "schema change %s ran %s (%s) on %d shard(s) in %.0f ms; writes were not blocked", a.target(),
                algorithm.word(), algorithm.clause(), primaries.size(), (System.nanoTime() - t0) / 1e6));
    }

    /** Whether the shard's etcd schema already shows the spec's definition: the ALTER ran before an interruption. */
    private boolean alreadyHas(TabletManager m, Action.SchemaChange a) {
        Optional<TableDef> want = specTable(a.keyspace(), a.table());
        List<TableSchema> live = m.schema(List.of(a.table()));
        if (want.isEmpty() || live.isEmpty()) {
            return false;
        }
        return parse(live.get(0).createSql()).map(d -> SchemaDiffs.same(want.get(), d)).orElse(false);
    }

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
            store.update(a.keyspace(), a.table(), r -> r.orElseThrow().withProgress(copied, total > 0 ? total : r.get().rowsTotal(), lagNow));
            if (allRunning) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY.toNanos()) {
                double seconds = (now - started) / 1e9;
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

    /**
     * Compares the table with the table its stream fills, on every shard, as of one binlog position each while writes
     * go on; a difference fails the step.
     */
    private String verify(String what, String table, String target, String stream, Map<String, TabletRecord> primaries) throws StepException {
        long rows = 0;
        long t0 = System.nanoTime();
        for (Map.Entry<String, TabletRecord> e : primaries.entrySet()) {
            TableChecksum c = managers.of(e.getValue()).verifyFollowing(table, target, stream);
            if (!c.same()) {
                throw new StepException(what + ": verify found a difference on shard " + e.getKey() + ": " + c.describe(table, target)
                        + "; the change stays as it is (nothing swapped); report it, then revert the spec or apply again");
            }
            rows += c.rows();
        }
        return "clean, " + rows + " row(s) compared in " + Math.round((System.nanoTime() - t0) / 1e6) + " ms";
    }

    /**
     * Before writes are held: lets each stream catch up with its primary until one round takes less than
     * {@link #CAUGHT_UP}, so the hold only waits for the last few writes.
     */
    private void catchUpBeforeHold(String stream, Map<String, TabletRecord> primaries) {
        for (TabletRecord p : primaries.values()) {
            TabletManager m = managers.of(p);
            for (int round = 0; round < 10; round++) {
                long t0 = System.nanoTime();
                m.waitForStreamPosition(stream, m.replicationPosition(), COPY_LIMIT);
                if (System.nanoTime() - t0 < CAUGHT_UP.toNanos()) {
                    break;
                }
            }
        }
    }

    /** A catch-up round this short means the stream follows within a few writes. */
    static final Duration CAUGHT_UP = Duration.ofMillis(100);

    // ---- schema-cutover

    public void cutover(Action.SchemaCutover a, StepContext ctx) throws Exception {
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
        if (swapped(names, primaries)) {
            // apply died after the swap: only the hold is left to lift (and the rest below to do)
            for (TabletRecord p : primaries.values()) {
                managers.of(p).holdTables(List.of());
            }
            held = 0;
        } else {
            catchUpBeforeHold(names.forwardStream(), primaries);
            held = swapUnderHold(a.target(), a.table(), names.forwardStream(), names.shadow(), names.old(), primaries);
        }
        Optional<TableDef> before = shardSchema(ctx.writer(), a.keyspace(), primaries.keySet().iterator().next()).table(a.table());
        for (Map.Entry<String, TabletRecord> e : primaries.entrySet()) {
            TabletManager m = managers.of(e.getValue());
            m.deleteStream(names.forwardStream());
            m.deleteStream(names.reverseStream());
            m.startStream(reverse(names, e.getValue()));
            recordTable(ctx.writer(), a.keyspace(), e.getKey(), a.table(), m);
        }
        store.update(a.keyspace(), a.table(), x -> x.orElseThrow().withBefore(before.orElse(null))
                .with(SchemaChangeRecord.Stage.CUT_OVER, "writes held " + held + " ms"));
        progress.accept("schema change " + a.target() + " cut over (writes held " + held + " ms); " + names.old()
                + " follows the new table: `shardops revert " + a.target() + "` swaps back without losing a write");
    }

    /**
     * The swap on every primary, writes to the table held meanwhile: hold, end open write transactions, let the stream
     * apply the last write, swap. Anything failing before the swap lets writes go on to the table as it was and
     * restarts the stream. (The tables were compared before, while writes went on: {@link #verify}.)
     *
     * @return how long writes were held, in ms
     */
    private long swapUnderHold(String what, String table, String stream, String incoming, String outgoing, Map<String, TabletRecord> primaries)
            throws StepException {
        long t0 = System.nanoTime();
        HoldTimes times = new HoldTimes(t0);
        List<TabletManager> held = new ArrayList<>();
        boolean swapped = false;
        try {
            for (TabletRecord p : primaries.values()) {
                TabletManager m = managers.of(p);
                held.add(m);
                m.holdTables(List.of(table));
            }
            times.lap("drain");
            for (TabletManager m : held) {
                int killed = m.endOpenWriteTransactions(OPEN_TRANSACTION_GRACE);
                if (killed > 0) {
                    progress.accept(what + ": killed " + killed + " transaction(s) still open on " + table + " "
                            + OPEN_TRANSACTION_GRACE.toSeconds() + " s after it was held; they rolled back");
                }
            }
            times.lap("open transactions");
            for (TabletManager m : held) {
                m.waitForStreamPosition(stream, m.replicationPosition(), CATCH_UP);
                m.stopStream(stream);
            }
            times.lap("catch-up");
            for (TabletManager m : held) {
                if (!m.schema(List.of(incoming)).isEmpty() && !m.schema(List.of(outgoing)).isEmpty()) {
                    // the old table of an earlier change of this table: this change supersedes its revert
                    m.applySchema(List.of("drop table if exists " + Sql.identifier(outgoing)));
                }
                m.swapTables(table, incoming, outgoing);
            }
            times.lap("swap");
            swapped = true;
        } catch (Exception e) {
            if (!swapped) {
                for (TabletRecord p : primaries.values()) {
                    try {
                        managers.of(p).startStream(stream.equals(names(p.keyspace(), table).forwardStream())
                                ? forward(names(p.keyspace(), table), p) : reverse(names(p.keyspace(), table), p));
                    } catch (Exception restart) {
                        progress.accept(what + ": restarting stream " + stream + " failed: " + restart.getMessage() + "; apply again");
                    }
                }
            }
            throw new StepException(what + (swapped ? " failed after the swap: " : ": rolled back, the table takes writes as before: ") + e.getMessage());
        } finally {
            for (TabletManager m : held) {
                try {
                    m.holdTables(List.of());
                } catch (Exception release) {
                    progress.accept(what + ": lifting the hold failed: " + release.getMessage() + "; apply again");
                }
            }
        }
        progress.accept(what + ": writes held " + times);
        return Math.round((System.nanoTime() - t0) / 1e6);
    }

    /** Where the time of a hold went, for apply's output: {@code drain 3 ms, catch-up 40 ms, ...}. */
    private static final class HoldTimes {
        private final StringBuilder text = new StringBuilder();
        private long last;

        HoldTimes(long start) {
            last = start;
        }

        void lap(String phase) {
            long now = System.nanoTime();
            text.append(text.isEmpty() ? "" : ", ").append(phase).append(' ').append(Math.round((now - last) / 1e6)).append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    // ---- revert

    /** {@code shardops revert KS.TABLE}: swaps the old table back in, once its reverse stream follows, and says how long writes were held. */
    public String revert(String keyspace, String table, StepContext ctx) throws Exception {
        SchemaChangeNames names = names(keyspace, table);
        SchemaChangeStore store = new SchemaChangeStore(ctx.writer().store(), ctx.cluster());
        SchemaChangeRecord r = store.get(keyspace, table).orElseThrow(() -> new StepException("no schema change of " + keyspace + "." + table + " to revert"));
        if (r.stage() != SchemaChangeRecord.Stage.CUT_OVER) {
            throw new StepException("the schema change of " + keyspace + "." + table + " is " + r.stage().word()
                    + (r.stage() == SchemaChangeRecord.Stage.DONE ? (r.algorithm().equals("copy") ? "; its old table was dropped"
                    : "; it ran " + r.algorithm() + ", with no old table kept") : "")
                    + "; only a change that is cut over, with its old table still there, can be reverted");
        }
        Map<String, TabletRecord> primaries = primaries(ctx.topology(), keyspace, r.shards());
        awaitReverse(keyspace + "." + table, names, primaries);
        progress.accept("revert of " + keyspace + "." + table + ": " + names.old() + " verified: "
                + verify("revert of " + keyspace + "." + table, table, names.old(), names.reverseStream(), primaries));
        catchUpBeforeHold(names.reverseStream(), primaries);
        long held = swapUnderHold("revert of " + keyspace + "." + table, table, names.reverseStream(), names.old(), names.shadow(), primaries);
        for (Map.Entry<String, TabletRecord> e : primaries.entrySet()) {
            TabletManager m = managers.of(e.getValue());
            m.deleteStream(names.reverseStream());
            recordReverted(ctx.writer(), keyspace, e.getKey(), table, Optional.ofNullable(r.before()), m);
        }
        store.update(keyspace, table, x -> x.orElseThrow().with(SchemaChangeRecord.Stage.REVERTED, "writes held " + held + " ms"));
        return keyspace + "." + table + " reverted to its old definition (writes held " + held + " ms); the spec still asks for the change:"
                + " revert it in the spec too, or the next apply runs it again";
    }

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

    // ---- drop of an old table (drop-tables, a destroy step)

    /** Before drop-tables drops an old table of a change: its reverse stream goes, and the change is done (no revert after this). */
    public void beforeDrop(Action.DropTables a, StepContext ctx) throws StepException {
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

    // ---- helpers

    /** Whether every primary already swapped the shadow in: no shadow table left, an old table there. */
    private boolean swapped(SchemaChangeNames names, Map<String, TabletRecord> primaries) {
        for (TabletRecord p : primaries.values()) {
            TabletManager m = managers.of(p);
            if (!m.schema(List.of(names.shadow())).isEmpty() || m.schema(List.of(names.old())).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The copy orders, resumes and applies rows by primary key: a table without one cannot change online. */
    private void requirePrimaryKey(Action.SchemaChange a, TabletRecord primary) throws StepException {
        boolean hasKey = liveTable(managers.of(primary), a.table()).map(d -> !d.primaryKey().isEmpty()).orElse(true);
        if (!hasKey) {
            throw new StepException("schema change " + a.target() + ": MariaDB can only copy the table for this ALTER, and the table has no"
                    + " primary key, which an online change needs to copy and follow it; add one first (a separate change), or set"
                    + " schemaChanges.strategy: direct for keyspace " + a.keyspace() + " (the ALTER then blocks writes while MariaDB copies)");
        }
    }

    private static SchemaChangeNames names(String keyspace, String table) throws StepException {
        try {
            return new SchemaChangeNames(keyspace, table);
        } catch (IllegalArgumentException e) {
            throw new StepException(e.getMessage());
        }
    }

    private static StreamSpec forward(SchemaChangeNames names, TabletRecord primary) {
        return new StreamSpec(names.forwardStream(), primary.hostname(), primary.mysqlPort(), names.keyspace(),
                List.of(StreamSpec.Table.allRowsInto(names.table(), names.shadow())));
    }

    private static StreamSpec reverse(SchemaChangeNames names, TabletRecord primary) {
        return new StreamSpec(names.reverseStream(), primary.hostname(), primary.mysqlPort(), names.keyspace(),
                List.of(StreamSpec.Table.allRowsInto(names.table(), names.old())));
    }

    private static Optional<StreamStatus> stream(TabletManager m, String workflow) {
        return m.streams().stream().filter(s -> s.workflow().equals(workflow)).findFirst();
    }

    /** Each shard's running primary, by shard name, in the step's order. */
    static Map<String, TabletRecord> primaries(Topology t, String keyspace, List<String> shards) throws StepException {
        Map<String, TabletRecord> out = new LinkedHashMap<>();
        for (String shard : shards) {
            TabletRecord p = t.shard(keyspace, shard).map(s -> s.primaryAlias()).map(alias -> t.tablets().get(alias))
                    .filter(r -> r.state() == TabletState.SERVING || r.state() == TabletState.NOT_SERVING)
                    .orElseThrow(() -> new StepException("shard " + keyspace + "/" + shard + " has no running primary; a schema change runs on the primaries"));
            out.put(shard, p);
        }
        return out;
    }

    /** The shard's schema in etcd: the table as the spec (else the tablet) defines it. */
    private void recordTable(TopologyWriter writer, String keyspace, String shard, String table, TabletManager m) {
        specTable(keyspace, table).or(() -> liveTable(m, table)).ifPresent(d -> mergeSchema(writer, keyspace, shard, List.of(d), List.of()));
    }

    /** After a revert: the table as the topology had it before the change (so the planner compares exactly as before), else as the tablet has it. */
    private void recordReverted(TopologyWriter writer, String keyspace, String shard, String table, Optional<TableDef> before, TabletManager m) {
        before.or(() -> liveTable(m, table)).ifPresent(d -> mergeSchema(writer, keyspace, shard, List.of(d), List.of()));
    }

    private static ShardSchema shardSchema(TopologyWriter writer, String keyspace, String shard) {
        return new EtcdTopologySource(writer.store()).read(writer.keys().cluster())
                .schema(keyspace, shard).orElse(new ShardSchema(keyspace, shard, List.of()));
    }

    private static void mergeSchema(TopologyWriter writer, String keyspace, String shard, List<TableDef> put, List<String> dropped) {
        ShardSchema before = shardSchema(writer, keyspace, shard);
        Map<String, TableDef> tables = new LinkedHashMap<>();
        before.tables().forEach(d -> tables.put(d.name().toLowerCase(Locale.ROOT), d));
        dropped.forEach(n -> tables.remove(n.toLowerCase(Locale.ROOT)));
        put.forEach(d -> tables.put(d.name().toLowerCase(Locale.ROOT), d));
        writer.putShardSchema(new ShardSchema(keyspace, shard, List.copyOf(tables.values())));
    }

    private Optional<TableDef> specTable(String keyspace, String table) {
        if (desired == null) {
            return Optional.empty();
        }
        return desired.keyspace(keyspace).flatMap(k -> TopologyOf.desiredTables(k).stream().filter(d -> d.name().equalsIgnoreCase(table)).findFirst());
    }

    private static Optional<TableDef> liveTable(TabletManager m, String table) {
        return m.schema(List.of(table)).stream().findFirst().flatMap(s -> parse(s.createSql()));
    }

    private static Optional<TableDef> parse(String createSql) {
        return CreateTableParser.parse(createSql, (line, col) -> SourceLocation.UNKNOWN).tables().stream()
                .map(CreateTableParser.Parsed::table).findFirst();
    }
}
