package io.shardops.reconciler.apply.move;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.tablet.GtidPosition;
import io.shardops.dataplane.tablet.StreamSpec;
import io.shardops.dataplane.tablet.StreamStatus;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.dataplane.tablet.copy.RowSelector;
import io.shardops.dataplane.tablet.diff.ShardPair;
import io.shardops.dataplane.tablet.diff.TableDiff;
import io.shardops.dataplane.vindex.Vindex;
import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.Step;
import io.shardops.planner.plan.StepKind;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.SourceShard;
import io.shardops.planner.topology.StreamRecord;
import io.shardops.planner.topology.TabletControl;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.apply.StepContext;
import io.shardops.reconciler.apply.StepException;
import io.shardops.reconciler.apply.StepHandler;
import io.shardops.reconciler.apply.StepHandlers;
import io.shardops.reconciler.tablets.TabletManagers;
import io.shardops.reconciler.tablets.TabletSteps;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The data-plane half of a move (MoveTables, Reshard): start-copy, verify-diff, the primary traffic
 * switch with its cut-over, drop-tables and completing a migration. Routing records stay with the
 * topology-only handlers already registered; these handlers wrap them and do the tablet work around
 * them. Every handler is safe to redo: streams resume from the position stored with their rows,
 * tablet calls are idempotent, and a half-done primary switch rolls back to the source serving.
 */
public final class MoveSteps {
    /** How long a primary switch waits for the targets to apply the source's last write. */
    static final Duration CATCH_UP = Duration.ofSeconds(10);
    /** How long a copy may take before start-copy gives up (the streams keep running; a rerun waits again). */
    static final Duration COPY_LIMIT = Duration.ofMinutes(30);

    /** How long a stream may take to show in its target's list after it was started. */
    static final Duration STREAM_LISTED = Duration.ofSeconds(15);
    /** How long start-copy waits for a target primary that stopped answering (its mysqld restarting). */
    static final Duration TARGET_BACK = Duration.ofSeconds(60);
    /** How often apply prints a long copy's progress. */
    static final Duration COPY_PROGRESS_EVERY = Duration.ofSeconds(5);

    private final TabletManagers managers;
    private final Consumer<String> progress;

    private MoveSteps(TabletManagers managers, Consumer<String> progress) {
        this.managers = managers;
        this.progress = progress;
    }

    /**
     * Registers the move handlers over those already in {@code h} (the topology-only ones, whose routing
     * changes they call at the right moment).
     */
    public static StepHandlers register(StepHandlers h, TabletManagers managers, Consumer<String> progress) {
        MoveSteps m = new MoveSteps(managers, progress);
        StepHandler routing = h.handler(StepKind.SWITCH_TRAFFIC).orElseThrow();
        StepHandler controls = h.handler(StepKind.REMOVE_TABLET_CONTROLS).orElseThrow();
        StepHandler complete = h.handler(StepKind.COMPLETE_MIGRATION).orElseThrow();
        h.with(StepKind.START_COPY, (step, ctx) -> m.startCopy((Action.StartCopy) step.action(), ctx));
        h.with(StepKind.VERIFY_DIFF, (step, ctx) -> m.verifyDiff(((Action.VerifyDiff) step.action()).workflow(), ctx));
        h.with(StepKind.SWITCH_TRAFFIC, (step, ctx) -> m.switchTraffic(step, (Action.SwitchTraffic) step.action(), ctx, routing));
        h.with(StepKind.REMOVE_TABLET_CONTROLS, (step, ctx) -> {
            controls.run(step, ctx);
            Action.RemoveTabletControls a = (Action.RemoveTabletControls) step.action();
            m.pushTabletControls(ctx.topology(), a.keyspace(), a.shards());
        });
        ReverseTraffic reverse = new ReverseTraffic(m, managers);
        h.with(StepKind.REVERSE_TRAFFIC, (step, ctx) -> reverse.run((Action.ReverseTraffic) step.action(), ctx));
        h.with(StepKind.DROP_TABLES, (step, ctx) -> m.dropTables((Action.DropTables) step.action(), ctx));
        h.with(StepKind.COMPLETE_MIGRATION, (step, ctx) -> {
            m.deleteStreams(((Action.CompleteMigration) step.action()).workflow(), ctx);
            complete.run(step, ctx);
        });
        return h;
    }

    // ---- start-copy

    void startCopy(Action.StartCopy a, StepContext ctx) throws Exception {
        Topology t = ctx.topology();
        WorkflowRecord w = t.workflow(a.workflow()).orElseGet(() -> new WorkflowRecord(a.workflow(), a.workflowKind(), a.sourceKeyspace(),
                a.sourceShards(), a.targetKeyspace(), a.targetShards(), a.tables(), WorkflowStage.COPYING, List.of(), List.of()));
        if (w.stage() == WorkflowStage.COMPLETED) {
            throw new StepException("workflow " + w.name() + " is an earlier move, already complete (" + w.sourceKeyspace() + "/"
                    + String.join(", ", w.sourceShards()) + " to " + w.targetKeyspace() + "/" + String.join(", ", w.targetShards())
                    + "); give the new migration another name");
        }
        if (t.workflow(a.workflow()).isEmpty()) {
            ctx.writer().putWorkflow(w);
        }
        for (String targetShard : a.targetShards()) {
            ShardRecord target = t.shard(a.targetKeyspace(), targetShard).orElseThrow(() ->
                    new StepException("target shard " + a.targetKeyspace() + "/" + targetShard + " does not exist; its create-shard step comes first"));
            List<SourceShard> sourceShards = new ArrayList<>();
            for (int i = 0; i < a.sourceShards().size(); i++) {
                sourceShards.add(new SourceShard(i, a.sourceKeyspace(), a.sourceShards().get(i), target.keyRange(), a.tables()));
            }
            ctx.writer().updateShard(a.targetKeyspace(), targetShard, s -> new ShardRecord(s.keyspace(), s.name(), s.keyRange(),
                    s.primaryAlias(), s.primaryServing(), s.tabletControls(), sourceShards));
        }
        waitForCopy(w, ctx, startForwardStreams(w, t));
    }

    /** MoveTables: the tables named; Reshard: every table of the source shard the target's VSchema shards. */
    private static List<String> tablesOf(WorkflowRecord w, Topology t) {
        if (w.kind() == WorkflowKind.MOVE_TABLES) {
            return w.tables();
        }
        VSchema vs = Optional.ofNullable(t.vschemas().get(w.targetKeyspace())).orElse(VSchema.EMPTY);
        Set<String> out = new LinkedHashSet<>();
        for (String shard : w.sourceShards()) {
            t.schema(w.sourceKeyspace(), shard).ifPresent(s -> s.tables().forEach(d -> {
                if (vs.table(d.name()).flatMap(VSchema.Table::primaryVindex).isPresent() || !vs.sharded()) {
                    out.add(d.name());
                }
            }));
        }
        return List.copyOf(out);
    }

    /** Each table's rows for a target shard: all of them into an unsharded keyspace, else those in its key range. */
    static List<StreamSpec.Table> streamTables(List<String> tables, VSchema vschema, KeyRange range) throws StepException {
        List<StreamSpec.Table> out = new ArrayList<>();
        for (String table : tables) {
            if (!vschema.sharded()) {
                out.add(StreamSpec.Table.allRows(table));
                continue;
            }
            VSchema.ColumnVindex cv = vschema.table(table).flatMap(VSchema.Table::primaryVindex).orElseThrow(() ->
                    new StepException("table " + table + " has no primary vindex in the target's VSchema; a sharded target needs one to pick its rows"));
            VSchema.Vindex v = vschema.vindexes().get(cv.name());
            if (v == null) {
                throw new StepException("table " + table + " names vindex " + cv.name() + ", which the target's VSchema does not define");
            }
            out.add(new StreamSpec.Table(table, cv.column(), v.type(), range.name()));
        }
        return out;
    }

    /** {@code copying, 120000 of ~1000000 row(s), 41000 rows/s, ETA 21 s}: the ETA from the source's row estimate. */
    static String copyProgress(long rows, long toCopy, double rowsPerSecond) {
        String eta = toCopy > rows && rowsPerSecond > 0 ? String.format(", ETA %.0f s", (toCopy - rows) / rowsPerSecond) : "";
        return String.format("copying, %d%s row(s), %.0f rows/s%s", rows, toCopy > 0 ? " of ~" + toCopy : "", rowsPerSecond, eta);
    }

    /**
     * Polls the streams until every one has copied. A target that does not answer (its mysqld crashed and
     * the tablet is starting it again) is waited for up to {@link #TARGET_BACK}, its last figures kept.
     */
    private void waitForCopy(WorkflowRecord w, StepContext ctx, Map<String, TabletRecord> sources) throws Exception {
        long started = System.nanoTime();
        long deadline = started + COPY_LIMIT.toNanos();
        long lastReport = System.nanoTime();
        long firstRows = -1;
        Map<String, Long> silentSince = new HashMap<>();
        Map<String, StreamRecord> last = new HashMap<>();
        while (true) {
            Topology t = ctx.topology();
            List<StreamRecord> records = new ArrayList<>();
            boolean copying = false;
            long toCopy = 0;
            for (String targetShard : w.targetShards()) {
                Map<String, StreamStatus> byName = new HashMap<>();
                TabletRecord targetPrimary = MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard);
                String target = w.targetKeyspace() + "/" + targetShard + " (primary " + targetPrimary.alias() + ")";
                try {
                    managers.of(targetPrimary).streams().forEach(s -> byName.put(s.workflow(), s));
                    if (silentSince.remove(targetShard) != null) {
                        progress.accept("workflow " + w.name() + ": target " + target + " answers again; its streams resume where they stopped");
                    }
                } catch (RuntimeException e) {
                    long since = silentSince.computeIfAbsent(targetShard, k -> {
                        progress.accept("workflow " + w.name() + ": target " + target + " does not answer (" + e.getMessage()
                                + "); waiting up to " + TARGET_BACK.toSeconds() + " s for it to come back");
                        return System.nanoTime();
                    });
                    if (System.nanoTime() - since > TARGET_BACK.toNanos()) {
                        throw new StepException("target " + target + " has not answered for " + TARGET_BACK.toSeconds() + " s: "
                                + e.getMessage() + "; bring its mysqld back (shardops status shows it), then run apply again to resume the copy");
                    }
                    copying = true;
                    for (String sourceShard : w.sourceShards()) {
                        records.add(last.getOrDefault(sourceShard + ">" + targetShard, new StreamRecord(sourceShard, targetShard, "", 0, "unreachable")));
                    }
                    continue;
                }
                for (String sourceShard : w.sourceShards()) {
                    StreamStatus s = byName.get(MoveTablets.forwardStream(w, sourceShard));
                    if (s == null) {
                        // a stream just started may not be listed yet
                        if (System.nanoTime() - started > STREAM_LISTED.toNanos()) {
                            throw new StepException("stream " + MoveTablets.forwardStream(w, sourceShard) + " is gone from " + w.targetKeyspace() + "/" + targetShard);
                        }
                        copying = true;
                        records.add(new StreamRecord(sourceShard, targetShard, "", 0, "starting"));
                        continue;
                    }
                    if ("error".equals(s.state())) {
                        TabletRecord source = sources.get(sourceShard);
                        throw new StepException("stream " + s.workflow() + " into " + target + " failed: " + s.message()
                                + (source == null ? "" : "; it copies from " + source.alias() + " (" + source.type().word() + ")")
                                + "; once both ends run (shardops status), run apply again: the copy resumes after its last committed row");
                    }
                    copying |= "copying".equals(s.state());
                    toCopy += Math.max(s.rowsToCopy(), s.rowsCopied());
                    StreamRecord r = new StreamRecord(sourceShard, targetShard, s.position(), s.rowsCopied(), s.state()
                            + (s.lagSeconds() > 0 ? " (lag " + s.lagSeconds() + " s)" : ""));
                    last.put(sourceShard + ">" + targetShard, r);
                    records.add(r);
                }
            }
            boolean done = !copying;
            ctx.writer().updateWorkflow(w.targetKeyspace(), w.name(), old -> new WorkflowRecord(old.name(), old.kind(), old.sourceKeyspace(),
                    old.sourceShards(), old.targetKeyspace(), old.targetShards(), old.tables(),
                    done && !old.stage().atLeast(WorkflowStage.RUNNING) ? WorkflowStage.RUNNING : old.stage(), old.switchedTabletTypes(), records));
            long rows = records.stream().mapToLong(StreamRecord::rowsCopied).sum();
            firstRows = firstRows < 0 ? rows : firstRows;
            double seconds = (System.nanoTime() - started) / 1e9;
            if (done) {
                progress.accept(String.format("workflow %s: copy done, %d row(s) copied (%.0f rows/s); streams follow the source",
                        w.name(), rows, (rows - firstRows) / Math.max(0.001, seconds)));
                return;
            }
            if (System.nanoTime() - lastReport > COPY_PROGRESS_EVERY.toNanos()) {
                progress.accept("workflow " + w.name() + ": " + copyProgress(rows, toCopy, (rows - firstRows) / seconds));
                lastReport = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new StepException("workflow " + w.name() + " is still copying after " + COPY_LIMIT.toMinutes()
                        + " min; the streams keep going, run apply again to keep waiting");
            }
            Thread.sleep(200);
        }
    }

    // ---- verify-diff

    /**
     * Freezes each source tablet the streams read from (replication stopped), lets every stream reach
     * that position, and compares; the source tablet replicates again afterwards. A source that is its
     * shard's primary cannot stand still, so there the diff is repeated until a round finds nothing.
     * A target filled from several source shards is compared with each for the rows that source owns
     * ({@link ShardPair}): only that source's stream writes them, so they stand still with it while the
     * other sources' streams go on.
     */
    void verifyDiff(String workflow, StepContext ctx) throws Exception {
        Topology t = ctx.topology();
        WorkflowRecord w = t.workflow(workflow).orElseThrow(() -> new StepException(
                "workflow " + workflow + " does not exist; its start-copy step must run first"));
        resumeFailedStreams(w, ctx);
        t = ctx.topology();
        VSchema targetVSchema = Optional.ofNullable(t.vschemas().get(w.targetKeyspace())).orElse(VSchema.EMPTY);
        VSchema sourceVSchema = Optional.ofNullable(t.vschemas().get(w.sourceKeyspace())).orElse(VSchema.EMPTY);
        List<String> tables = tablesOf(w, t);
        List<KeyRange> sourceRanges = new ArrayList<>();
        for (String sourceShard : w.sourceShards()) {
            sourceRanges.add(t.shard(w.sourceKeyspace(), sourceShard).orElseThrow(() -> new StepException(
                    "source shard " + w.sourceKeyspace() + "/" + sourceShard + " is gone from the topology; the move cannot be verified without it")).keyRange());
        }
        Map<String, List<RowSelector>> sourceShares = new HashMap<>();
        for (String table : tables) {
            sourceShares.put(table, sourceShares(sourceVSchema, table, sourceRanges));
        }
        List<String> problems = new ArrayList<>();
        long rows = 0;
        for (int sourceIndex = 0; sourceIndex < w.sourceShards().size(); sourceIndex++) {
            String sourceShard = w.sourceShards().get(sourceIndex);
            TabletRecord source = MoveTablets.copySource(t, w.sourceKeyspace(), sourceShard);
            boolean primary = MoveTablets.primary(t, w.sourceKeyspace(), sourceShard).map(p -> p.alias().equals(source.alias())).orElse(false);
            TabletManager sm = managers.of(source);
            int attempts = primary ? 5 : 1;
            List<String> found = List.of();
            for (int attempt = 0; attempt < attempts; attempt++) {
                if (!primary) {
                    sm.stopReplication();
                }
                try {
                    String position = sm.replicationPosition();
                    found = new ArrayList<>();
                    for (String targetShard : w.targetShards()) {
                        TabletRecord target = MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard);
                        TabletManager tm = managers.of(target);
                        String stream = MoveTablets.forwardStream(w, sourceShard);
                        // the stream follows the source primary: hold it where the stopped rdonly is, or, if it is
                        // already past that, bring the rdonly up to where the stream holds; then both sides match
                        String at = primary ? position : tm.pauseStream(stream, position);
                        try {
                            if (!GtidPosition.parse(position).contains(GtidPosition.parse(at))) {
                                sm.startReplicationUntil(at);
                                sm.waitForPosition(at, Duration.ofSeconds(30));
                                position = at;
                            }
                            tm.waitForStreamPosition(stream, position, Duration.ofSeconds(30));
                            KeyRange range = t.shard(w.targetKeyspace(), targetShard).orElseThrow().keyRange();
                            try (Connection sc = connect(source); Connection tc = connect(target)) {
                                for (String table : tables) {
                                    ShardPair pair = new ShardPair(selector(targetVSchema, table, range), sourceShares.get(table), sourceIndex);
                                    TableDiff.Result r = TableDiff.diff(sc, w.sourceKeyspace(), tc, w.targetKeyspace(), table, pair);
                                    rows += r.targetRows();
                                    progress.accept("diff " + w.sourceKeyspace() + "/" + sourceShard + " -> " + w.targetKeyspace() + "/" + targetShard
                                            + " at " + position + ": " + r);
                                    if (!r.clean()) {
                                        found.add(w.targetKeyspace() + "/" + targetShard + " " + r);
                                    }
                                }
                            }
                        } finally {
                            if (!primary) {
                                tm.resumeStream(stream);
                            }
                        }
                    }
                } finally {
                    if (!primary) {
                        sm.startReplication();
                    }
                }
                if (found.isEmpty()) {
                    break;
                }
                Thread.sleep(500);
            }
            problems.addAll(found);
        }
        if (!problems.isEmpty()) {
            throw new StepException("verify diff of " + workflow + " found differences, traffic stays on the source: " + String.join("; ", problems));
        }
        ctx.writer().updateWorkflow(w.targetKeyspace(), w.name(), old -> new WorkflowRecord(old.name(), old.kind(), old.sourceKeyspace(),
                old.sourceShards(), old.targetKeyspace(), old.targetShards(), old.tables(),
                old.stage().atLeast(WorkflowStage.VERIFIED) ? old.stage() : WorkflowStage.VERIFIED, old.switchedTabletTypes(), old.streams()));
        progress.accept("verify diff of " + workflow + ": clean (" + rows + " row(s) compared)");
    }

    /** The source rows a target shard should hold: all of them into an unsharded keyspace, else those in its key range. */
    static RowSelector selector(VSchema vschema, String table, KeyRange range) throws StepException {
        if (!vschema.sharded() || range.isFull()) {
            return RowSelector.all();
        }
        StreamSpec.Table st = streamTables(List.of(table), vschema, range).get(0);
        Vindex v = Vindex.forType(st.vindexType()).orElseThrow(() -> new StepException("vindex type " + st.vindexType() + " is not supported"));
        return RowSelector.byKeyRange(st.vindexColumn(), v, range);
    }

    /**
     * Which rows of a table each source shard owns: with one source shard, all of them; with several
     * (a merge, MoveTables out of a sharded keyspace), those whose keyspace id under the source's primary
     * vindex falls in the shard's key range, so a target filled from several sources is compared with
     * each for its share.
     */
    static List<RowSelector> sourceShares(VSchema sourceVSchema, String table, List<KeyRange> sourceRanges) throws StepException {
        if (sourceRanges.size() == 1) {
            return List.of(RowSelector.all());
        }
        if (!sourceVSchema.sharded() || sourceVSchema.table(table).flatMap(VSchema.Table::primaryVindex).isEmpty()) {
            throw new StepException("table " + table + " has no primary vindex in the source keyspace's VSchema, so its rows cannot be told apart"
                    + " by source shard; give it one in the source keyspace before moving it out of " + sourceRanges.size() + " shards");
        }
        List<RowSelector> out = new ArrayList<>();
        for (KeyRange range : sourceRanges) {
            out.add(selector(sourceVSchema, table, range));
        }
        return List.copyOf(out);
    }

    Connection connect(TabletRecord tablet) throws SQLException {
        return managers.mysql(tablet);
    }

    // ---- switch-traffic

    void switchTraffic(Step step, Action.SwitchTraffic a, StepContext ctx, StepHandler routing) throws Exception {
        Topology t = ctx.topology();
        WorkflowRecord w = t.workflow(a.workflow()).orElseThrow(() -> new StepException(
                "workflow " + a.workflow() + " does not exist; its start-copy step must run before traffic can switch"));
        if (!a.tabletTypes().contains(TabletType.PRIMARY) || w.switched(TabletType.PRIMARY)) {
            routing.run(step, ctx);
            if (w.kind() == WorkflowKind.MOVE_TABLES) {
                pushTabletControls(ctx.topology(), w.sourceKeyspace(), w.sourceShards());
            }
            return;
        }
        if (!w.stage().atLeast(WorkflowStage.RUNNING)) {
            throw new StepException("workflow " + w.name() + " is still " + w.stage().name().toLowerCase(Locale.ROOT)
                    + "; the primary switches only once the copy has finished");
        }
        long t0 = System.nanoTime();
        List<String> reverseStarted = new ArrayList<>();
        try {
            // 1. the source stops taking writes; gateways buffer what is refused meanwhile
            stopSourceWrites(w, t);
            progress.accept("primary switch of " + w.name() + ": source " + w.sourceKeyspace() + " " + w.sourceShards()
                    + " stopped writes; waiting for the targets to catch up");
            endOpenWriteTransactions(w, t);
            // 2. every target applies the source's last write
            for (String sourceShard : w.sourceShards()) {
                String position = managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), sourceShard)).replicationPosition();
                for (String targetShard : w.targetShards()) {
                    managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard))
                            .waitForStreamPosition(MoveTablets.forwardStream(w, sourceShard), position, CATCH_UP);
                }
            }
            // 3. forward streams stop (the source takes no more writes); reverse streams keep the source current
            for (String targetShard : w.targetShards()) {
                TabletManager target = managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard));
                for (String sourceShard : w.sourceShards()) {
                    target.stopStream(MoveTablets.forwardStream(w, sourceShard));
                }
            }
            startReverseStreams(w, t, reverseStarted);
        } catch (Exception e) {
            rollBack(w, t, reverseStarted);
            throw new StepException("primary switch of " + w.name() + " rolled back, the source serves writes again: " + e.getMessage());
        }
        // 4. the point of no return: routing names the targets; buffered statements go there
        routing.run(step, ctx);
        if (w.kind() == WorkflowKind.MOVE_TABLES) {
            pushTabletControls(ctx.topology(), w.sourceKeyspace(), w.sourceShards());
        }
        progress.accept("primary traffic of " + w.name() + " switched to " + w.targetKeyspace() + " " + w.targetShards()
                + String.format(Locale.ROOT, " (writes held for %.0f ms)", (System.nanoTime() - t0) / 1e6));
    }

    /** How long a transaction that wrote on the source may stay open once writes stopped, before it is killed. */
    static final Duration OPEN_TRANSACTION_GRACE = Duration.ofSeconds(1);

    /**
     * A transaction that wrote on a source primary before writes stopped could still commit afterwards (MoveTables
     * denies only the moved tables; COMMIT names none), after the source's final position was read, and the
     * targets would never get it. Such transactions get {@link #OPEN_TRANSACTION_GRACE} to end; those still open
     * are killed, so they roll back and their clients' COMMIT fails: nothing of them was acknowledged.
     */
    private void endOpenWriteTransactions(WorkflowRecord w, Topology t) throws Exception {
        for (String shard : w.sourceShards()) {
            TabletRecord primary = MoveTablets.requirePrimary(t, w.sourceKeyspace(), shard);
            try (Connection c = connect(primary); java.sql.Statement st = c.createStatement()) {
                long deadline = System.nanoTime() + OPEN_TRANSACTION_GRACE.toNanos();
                List<Long> open = openWriteTransactions(st);
                while (!open.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    open = openWriteTransactions(st);
                }
                for (long id : open) {
                    try {
                        st.execute("KILL CONNECTION " + id);
                    } catch (java.sql.SQLException gone) {
                        // it ended by itself meanwhile
                    }
                }
                if (!open.isEmpty()) {
                    progress.accept("primary switch of " + w.name() + ": killed " + open.size() + " transaction(s) still open on "
                            + w.sourceKeyspace() + "/" + shard + " " + OPEN_TRANSACTION_GRACE.toSeconds()
                            + " s after writes stopped; they rolled back, and their COMMIT fails");
                }
            }
        }
    }

    private static List<Long> openWriteTransactions(java.sql.Statement st) throws java.sql.SQLException {
        List<Long> ids = new ArrayList<>();
        try (java.sql.ResultSet rs = st.executeQuery("SELECT trx_mysql_thread_id FROM information_schema.innodb_trx"
                + " WHERE trx_rows_modified > 0 AND trx_mysql_thread_id <> CONNECTION_ID()")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** MoveTables: the source primaries deny the moved tables; Reshard: the source primaries stop serving. */
    private void stopSourceWrites(WorkflowRecord w, Topology t) throws StepException {
        for (String shard : w.sourceShards()) {
            TabletManager m = managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), shard));
            if (w.kind() == WorkflowKind.MOVE_TABLES) {
                Set<String> denied = new LinkedHashSet<>(deniedFor(t, w.sourceKeyspace(), shard, TabletType.PRIMARY));
                denied.addAll(w.tables());
                m.setDeniedTables(List.copyOf(denied));
            } else {
                m.setServing(false);
            }
        }
    }

    private void rollBack(WorkflowRecord w, Topology t, List<String> reverseStarted) {
        for (String shard : w.sourceShards()) {
            try {
                TabletManager m = managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), shard));
                for (String reverse : reverseStarted) {
                    m.deleteStream(reverse);
                }
                if (w.kind() == WorkflowKind.MOVE_TABLES) {
                    m.setDeniedTables(deniedFor(t, w.sourceKeyspace(), shard, TabletType.PRIMARY));
                } else {
                    m.setServing(true);
                }
            } catch (Exception e) {
                progress.accept("rollback of " + w.sourceKeyspace() + "/" + shard + " incomplete: " + e.getMessage());
            }
        }
        try {
            startForwardStreams(w, t);
        } catch (Exception e) {
            progress.accept("restarting the forward streams of " + w.name() + " failed: " + e.getMessage() + "; run apply again");
        }
    }

    /**
     * Starts (or leaves running) every forward stream, each copying from its source shard's rdonly (else replica, else
     * primary) and following the binlog of its primary; answers the tablet each source shard's streams copy from.
     */
    Map<String, TabletRecord> startForwardStreams(WorkflowRecord w, Topology t) throws StepException {
        VSchema vs = Optional.ofNullable(t.vschemas().get(w.targetKeyspace())).orElse(VSchema.EMPTY);
        List<String> tables = tablesOf(w, t);
        Map<String, TabletRecord> sources = new HashMap<>();
        for (String targetShard : w.targetShards()) {
            KeyRange range = t.shard(w.targetKeyspace(), targetShard).orElseThrow().keyRange();
            TabletManager target = managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard));
            for (String sourceShard : w.sourceShards()) {
                TabletRecord source = MoveTablets.copySource(t, w.sourceKeyspace(), sourceShard);
                sources.put(sourceShard, source);
                TabletRecord follow = MoveTablets.requirePrimary(t, w.sourceKeyspace(), sourceShard);
                target.startStream(new StreamSpec(MoveTablets.forwardStream(w, sourceShard), source.hostname(), source.mysqlPort(),
                        w.sourceKeyspace(), streamTables(tables, vs, range), follow.hostname(), follow.mysqlPort()));
                progress.accept("stream " + MoveTablets.forwardStream(w, sourceShard) + " into " + w.targetKeyspace() + "/" + targetShard
                        + " copies from " + source.alias() + " (" + source.type().word() + ")"
                        + (follow.alias().equals(source.alias()) ? "" : " and follows the binlog of " + follow.alias() + " (primary)"));
            }
        }
        return sources;
    }

    /**
     * A stream that failed (its source or its target lost in the middle of the copy) starts again from the
     * position stored with its rows, and its copy finishes, before anything compares rows: the run that
     * failed in start-copy is resumed by a plan whose first step is verify-diff.
     */
    private void resumeFailedStreams(WorkflowRecord w, StepContext ctx) throws Exception {
        Topology t = ctx.topology();
        List<String> notRunning = new ArrayList<>();
        for (String targetShard : w.targetShards()) {
            for (StreamStatus s : managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard)).streams()) {
                boolean forward = w.sourceShards().stream().anyMatch(src -> MoveTablets.forwardStream(w, src).equals(s.workflow()));
                if (forward && !"running".equals(s.state())) {
                    notRunning.add(s.workflow() + " into " + w.targetKeyspace() + "/" + targetShard + " (" + s.state() + ")");
                }
            }
        }
        if (notRunning.isEmpty()) {
            return;
        }
        progress.accept("workflow " + w.name() + ": " + String.join(", ", notRunning) + " not running; starting again where it stopped");
        waitForCopy(w, ctx, startForwardStreams(w, t));
    }

    /**
     * Reverse streams (target to source) so the switch can be undone. Each begins with a snapshot copy of
     * the target, which rewrites rows the source already holds (applied idempotently), then follows the
     * target's binlog.
     */
    private void startReverseStreams(WorkflowRecord w, Topology t, List<String> started) throws StepException {
        VSchema vs = Optional.ofNullable(t.vschemas().get(w.sourceKeyspace())).orElse(VSchema.EMPTY);
        List<String> tables = tablesOf(w, t);
        for (String sourceShard : w.sourceShards()) {
            KeyRange range = t.shard(w.sourceKeyspace(), sourceShard).orElseThrow().keyRange();
            TabletManager source = managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), sourceShard));
            for (String targetShard : w.targetShards()) {
                TabletRecord target = MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard);
                String name = MoveTablets.reverseStream(w, targetShard);
                source.startStream(new StreamSpec(name, target.hostname(), target.mysqlPort(), w.targetKeyspace(),
                        streamTables(tables, vs, range)));
                started.add(name);
            }
        }
    }

    private static List<String> deniedFor(Topology t, String keyspace, String shard, TabletType type) {
        return t.shard(keyspace, shard).flatMap(s -> s.tabletControl(type)).map(TabletControl::deniedTables).orElse(List.of());
    }

    /** Makes each running tablet of the shards refuse what its shard's tablet control for its type denies. */
    void pushTabletControls(Topology t, String keyspace, List<String> shards) {
        for (String shard : shards) {
            for (TabletRecord tablet : MoveTablets.running(t, keyspace, shard)) {
                TabletType type = MoveTablets.primary(t, keyspace, shard).map(p -> p.alias().equals(tablet.alias())).orElse(false)
                        ? TabletType.PRIMARY : tablet.type();
                managers.of(tablet).setDeniedTables(deniedFor(t, keyspace, shard, type));
            }
        }
    }

    // ---- clean-up

    /** Drops the moved tables on the source shards' primaries (their replicas follow) and from the shards' Schema records. */
    void dropTables(Action.DropTables a, StepContext ctx) throws Exception {
        Topology t = ctx.topology();
        for (WorkflowRecord w : t.workflows().values()) {
            if (w.sourceKeyspace().equals(a.keyspace()) && w.stage() != WorkflowStage.COMPLETED) {
                deleteReverseStreams(w, t);
            }
        }
        List<String> drops = a.tables().stream().map(x -> "DROP TABLE IF EXISTS `" + x.replace("`", "``") + "`").toList();
        TabletSteps steps = new TabletSteps(ctx.cluster(), name -> ctx.topology(), ctx.writer(), null, managers, null, "");
        progress.accept(steps.run(new Action.ApplySchema(a.keyspace(), a.shards(), drops)));
        for (String shard : a.shards()) {
            Optional<ShardSchema> schema = ctx.topology().schema(a.keyspace(), shard);
            if (schema.isPresent()) {
                Set<String> gone = new LinkedHashSet<>();
                a.tables().forEach(x -> gone.add(x.toLowerCase(Locale.ROOT)));
                ctx.writer().putShardSchema(new ShardSchema(a.keyspace(), shard, schema.get().tables().stream()
                        .filter(d -> !gone.contains(d.name().toLowerCase(Locale.ROOT))).toList()));
            }
        }
    }

    /** Forward streams on the targets and reverse streams on the sources, forgotten; rows stay. */
    void deleteStreams(String workflow, StepContext ctx) {
        Topology t = ctx.topology();
        Optional<WorkflowRecord> found = t.workflow(workflow);
        if (found.isEmpty()) {
            return;
        }
        WorkflowRecord w = found.get();
        for (String targetShard : w.targetShards()) {
            MoveTablets.primary(t, w.targetKeyspace(), targetShard).ifPresent(p -> {
                for (String sourceShard : w.sourceShards()) {
                    managers.of(p).deleteStream(MoveTablets.forwardStream(w, sourceShard));
                }
            });
        }
        deleteReverseStreams(w, t);
    }

    private void deleteReverseStreams(WorkflowRecord w, Topology t) {
        for (String sourceShard : w.sourceShards()) {
            // a source whose tablets were stopped (Reshard, before delete-shard) took its streams with it
            MoveTablets.primary(t, w.sourceKeyspace(), sourceShard).ifPresent(p -> {
                for (String targetShard : w.targetShards()) {
                    managers.of(p).deleteStream(MoveTablets.reverseStream(w, targetShard));
                }
            });
        }
    }
}
