package io.shardops.reconciler.apply.steps.move;

import io.shardops.dataplane.replication.GtidPosition;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.dataplane.tablet.diff.TableDiff;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code verify-diff}: freezes each source tablet the streams read from (replication stopped), lets every
 * stream reach that position, and has each target primary compare its tables with that source; the source
 * tablet replicates again afterwards. A source that is its shard's primary cannot stand still, so there the
 * diff is repeated until a round finds nothing. A target filled from several source shards is compared with
 * each for the rows that source owns ({@link io.shardops.dataplane.tablet.diff.ShardPair}): only that
 * source's stream writes them, so they stand still with it while the other sources' streams go on.
 */
final class VerifyDiff {
    /** How often a diff against a source primary, which keeps taking writes, is repeated before it counts. */
    static final int PRIMARY_ROUNDS = 5;
    static final Duration REACH_POSITION = Duration.ofSeconds(30);

    private final TabletManagers managers;
    private final MoveStreams streams;
    private final CopyWait copy;
    private final Consumer<String> progress;

    VerifyDiff(TabletManagers managers, MoveStreams streams, CopyWait copy, Consumer<String> progress) {
        this.managers = managers;
        this.streams = streams;
        this.copy = copy;
        this.progress = progress;
    }

    void run(String workflow, StepContext ctx) throws Exception {
        WorkflowRecord w = ctx.topology().workflow(workflow).orElseThrow(() -> new StepException(
                "workflow " + workflow + " does not exist; its start-copy step must run first"));
        resumeFailedStreams(w, ctx);
        Topology t = ctx.topology();
        List<String> tables = RowShares.tablesOf(w, t);
        Map<String, List<TableDiffSpec.Rows>> sourceShares = sourceShares(w, t, tables);
        List<String> problems = new ArrayList<>();
        long rows = 0;
        for (int sourceIndex = 0; sourceIndex < w.sourceShards().size(); sourceIndex++) {
            String sourceShard = w.sourceShards().get(sourceIndex);
            TabletRecord source = MoveTablets.copySource(t, w.sourceKeyspace(), sourceShard);
            boolean primary = MoveTablets.primary(t, w.sourceKeyspace(), sourceShard).map(p -> p.alias().equals(source.alias())).orElse(false);
            Round last = null;
            for (int attempt = 0; attempt < (primary ? PRIMARY_ROUNDS : 1); attempt++) {
                last = round(w, t, tables, sourceShares, sourceIndex, source, primary);
                if (last.differences().isEmpty()) {
                    break;
                }
                Thread.sleep(500);
            }
            rows += last.rows();
            problems.addAll(last.differences());
        }
        if (!problems.isEmpty()) {
            throw new StepException("verify diff of " + workflow + " found differences, traffic stays on the source: " + String.join("; ", problems));
        }
        ctx.writer().updateWorkflow(w.targetKeyspace(), w.name(), old -> new WorkflowRecord(old.name(), old.kind(), old.sourceKeyspace(),
                old.sourceShards(), old.targetKeyspace(), old.targetShards(), old.tables(),
                old.stage().atLeast(WorkflowStage.VERIFIED) ? old.stage() : WorkflowStage.VERIFIED, old.switchedTabletTypes(), old.streams()));
        progress.accept("verify diff of " + workflow + ": clean (" + rows + " row(s) compared)");
    }

    /** What one comparison of a source shard with every target found. */
    private record Round(long rows, List<String> differences) {}

    private Round round(WorkflowRecord w, Topology t, List<String> tables, Map<String, List<TableDiffSpec.Rows>> sourceShares,
                        int sourceIndex, TabletRecord source, boolean primary) throws StepException {
        String sourceShard = w.sourceShards().get(sourceIndex);
        TabletManager sm = managers.of(source);
        VSchema targetVSchema = RowShares.vschemaOf(t, w.targetKeyspace());
        long rows = 0;
        List<String> found = new ArrayList<>();
        if (!primary) {
            sm.stopReplication();
        }
        try {
            String position = sm.replicationPosition();
            for (String targetShard : w.targetShards()) {
                TabletManager tm = managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard));
                String stream = MoveTablets.forwardStream(w, sourceShard);
                // the stream follows the source primary: hold it where the stopped rdonly is, or, if it is
                // already past that, bring the rdonly up to where the stream holds; then both sides match
                String at = primary ? position : tm.pauseStream(stream, position);
                try {
                    if (!GtidPosition.parse(position).contains(GtidPosition.parse(at))) {
                        sm.startReplicationUntil(at);
                        sm.waitForPosition(at, REACH_POSITION);
                        position = at;
                    }
                    tm.waitForStreamPosition(stream, position, REACH_POSITION);
                    KeyRange range = t.shard(w.targetKeyspace(), targetShard).orElseThrow().keyRange();
                    for (String table : tables) {
                        TableDiff.Result r = tm.diffTable(new TableDiffSpec(source.hostname(), source.mysqlPort(), w.sourceKeyspace(), table,
                                RowShares.rows(targetVSchema, table, range), sourceShares.get(table), sourceIndex));
                        rows += r.targetRows();
                        progress.accept("diff " + w.sourceKeyspace() + "/" + sourceShard + " -> " + w.targetKeyspace() + "/" + targetShard
                                + " at " + position + ": " + r);
                        if (!r.clean()) {
                            found.add(w.targetKeyspace() + "/" + targetShard + " " + r);
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
        return new Round(rows, found);
    }

    private static Map<String, List<TableDiffSpec.Rows>> sourceShares(WorkflowRecord w, Topology t, List<String> tables) throws StepException {
        List<KeyRange> sourceRanges = new ArrayList<>();
        for (String sourceShard : w.sourceShards()) {
            sourceRanges.add(t.shard(w.sourceKeyspace(), sourceShard).orElseThrow(() -> new StepException(
                    "source shard " + w.sourceKeyspace() + "/" + sourceShard + " is gone from the topology; the move cannot be verified without it")).keyRange());
        }
        VSchema sourceVSchema = RowShares.vschemaOf(t, w.sourceKeyspace());
        Map<String, List<TableDiffSpec.Rows>> out = new HashMap<>();
        for (String table : tables) {
            out.put(table, RowShares.sourceShares(sourceVSchema, table, sourceRanges));
        }
        return out;
    }

    /**
     * A stream that failed (its source or its target lost in the middle of the copy) starts again from the
     * position stored with its rows, and its copy finishes, before anything compares rows: the run that
     * failed in start-copy is resumed by a plan whose first step is verify-diff.
     */
    private void resumeFailedStreams(WorkflowRecord w, StepContext ctx) throws Exception {
        Topology t = ctx.topology();
        List<String> notRunning = streams.forwardNotRunning(w, t);
        if (notRunning.isEmpty()) {
            return;
        }
        progress.accept("workflow " + w.name() + ": " + String.join(", ", notRunning) + " not running; starting again where it stopped");
        copy.await(w, ctx, streams.startForward(w, t));
    }
}
