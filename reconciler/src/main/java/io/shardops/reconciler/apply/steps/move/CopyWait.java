package io.shardops.reconciler.apply.steps.move;

import io.shardops.dataplane.tablet.StreamStatus;
import io.shardops.dataplane.tablet.copy.StreamState;
import io.shardops.planner.topology.StreamRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Waits for a move's forward streams to finish their copy, recording each stream's progress in the
 * workflow record and printing the copy's rate; the workflow is {@code running} once every stream follows
 * its source's binlog.
 */
public final class CopyWait {
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

    CopyWait(TabletManagers managers, Consumer<String> progress) {
        this.managers = managers;
        this.progress = progress;
    }

    /** {@code copying, 120000 of ~1000000 row(s), 41000 rows/s, ETA 21 s}: the ETA from the source's row estimate. */
    public static String copyProgress(long rows, long toCopy, double rowsPerSecond) {
        String eta = toCopy > rows && rowsPerSecond > 0 ? String.format(", ETA %.0f s", (toCopy - rows) / rowsPerSecond) : "";
        return String.format("copying, %d%s row(s), %.0f rows/s%s", rows, toCopy > 0 ? " of ~" + toCopy : "", rowsPerSecond, eta);
    }

    /**
     * Polls the streams until every one has copied. A target that does not answer (its mysqld crashed and
     * the tablet is starting it again) is waited for up to {@link #TARGET_BACK}, its last figures kept.
     */
    void await(WorkflowRecord w, StepContext ctx, Map<String, TabletRecord> sources) throws Exception {
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
                        records.add(last.getOrDefault(sourceShard + ">" + targetShard, new StreamRecord(sourceShard, targetShard, "", 0, StreamRecord.State.UNREACHABLE)));
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
                        records.add(new StreamRecord(sourceShard, targetShard, "", 0, StreamRecord.State.STARTING));
                        continue;
                    }
                    if (s.state() == StreamState.ERROR) {
                        TabletRecord source = sources.get(sourceShard);
                        throw new StepException("stream " + s.workflow() + " into " + target + " failed: " + s.message()
                                + (source == null ? "" : "; it copies from " + source.alias() + " (" + source.type().word() + ")")
                                + "; once both ends run (shardops status), run apply again: the copy resumes after its last committed row");
                    }
                    copying |= s.state() == StreamState.COPYING;
                    toCopy += Math.max(s.rowsToCopy(), s.rowsCopied());
                    StreamRecord r = new StreamRecord(sourceShard, targetShard, s.position(), s.rowsCopied(), recorded(s.state()), s.lagSeconds());
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

    /** A tablet's stream state as the workflow record keeps it. */
    static StreamRecord.State recorded(StreamState s) {
        return switch (s) {
            case COPYING -> StreamRecord.State.COPYING;
            case RUNNING -> StreamRecord.State.RUNNING;
            case STOPPED -> StreamRecord.State.STOPPED;
            case ERROR -> StreamRecord.State.ERROR;
        };
    }
}
