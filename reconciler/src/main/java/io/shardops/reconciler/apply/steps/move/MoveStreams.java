package io.shardops.reconciler.apply.steps.move;

import io.shardops.dataplane.tablet.StreamSpec;
import io.shardops.dataplane.tablet.StreamStatus;
import io.shardops.dataplane.tablet.copy.StreamState;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The life cycle of a move's streams: forward streams (source to target, one per source shard on each target
 * primary) start with the copy and stop at the primary switch; reverse streams (target to source, one per
 * target shard on each source primary) start there so the switch can be undone; completing the move forgets
 * both. The rows they wrote stay.
 */
final class MoveStreams {
    private final TabletManagers managers;
    private final Consumer<String> progress;

    MoveStreams(TabletManagers managers, Consumer<String> progress) {
        this.managers = managers;
        this.progress = progress;
    }

    /**
     * Starts (or leaves running) every forward stream, each copying from its source shard's rdonly (else replica, else
     * primary) and following the binlog of its primary; answers the tablet each source shard's streams copy from.
     */
    Map<String, TabletRecord> startForward(WorkflowRecord w, Topology t) throws StepException {
        VSchema vs = RowShares.vschemaOf(t, w.targetKeyspace());
        List<String> tables = RowShares.tablesOf(w, t);
        Map<String, TabletRecord> sources = new HashMap<>();
        for (String targetShard : w.targetShards()) {
            KeyRange range = t.shard(w.targetKeyspace(), targetShard).orElseThrow().keyRange();
            TabletManager target = managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard));
            for (String sourceShard : w.sourceShards()) {
                TabletRecord source = MoveTablets.copySource(t, w.sourceKeyspace(), sourceShard);
                sources.put(sourceShard, source);
                TabletRecord follow = MoveTablets.requirePrimary(t, w.sourceKeyspace(), sourceShard);
                target.startStream(new StreamSpec(MoveTablets.forwardStream(w, sourceShard), source.hostname(), source.mysqlPort(),
                        w.sourceKeyspace(), RowShares.streamTables(tables, vs, range), follow.hostname(), follow.mysqlPort()));
                progress.accept("stream " + MoveTablets.forwardStream(w, sourceShard) + " into " + w.targetKeyspace() + "/" + targetShard
                        + " copies from " + source.alias() + " (" + source.type().word() + ")"
                        + (follow.alias().equals(source.alias()) ? "" : " and follows the binlog of " + follow.alias() + " (primary)"));
            }
        }
        return sources;
    }

    /** The forward streams on the targets that are not running, described for a person; empty when all run. */
    List<String> forwardNotRunning(WorkflowRecord w, Topology t) throws StepException {
        List<String> notRunning = new ArrayList<>();
        for (String targetShard : w.targetShards()) {
            for (StreamStatus s : managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard)).streams()) {
                boolean forward = w.sourceShards().stream().anyMatch(src -> MoveTablets.forwardStream(w, src).equals(s.workflow()));
                if (forward && s.state() != StreamState.RUNNING) {
                    notRunning.add(s.workflow() + " into " + w.targetKeyspace() + "/" + targetShard + " (" + s.state() + ")");
                }
            }
        }
        return notRunning;
    }

    /** Stops the forward streams, keeping their state so {@link #startForward} resumes them. */
    void stopForward(WorkflowRecord w, Topology t) throws StepException {
        for (String targetShard : w.targetShards()) {
            TabletManager target = managers.of(MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard));
            for (String sourceShard : w.sourceShards()) {
                target.stopStream(MoveTablets.forwardStream(w, sourceShard));
            }
        }
    }

    /**
     * Reverse streams (target to source) so the switch can be undone. Each begins with a snapshot copy of
     * the target, which rewrites rows the source already holds (applied idempotently), then follows the
     * target's binlog. {@code started} collects the names started, for a rollback.
     */
    void startReverse(WorkflowRecord w, Topology t, List<String> started) throws StepException {
        VSchema vs = RowShares.vschemaOf(t, w.sourceKeyspace());
        List<String> tables = RowShares.tablesOf(w, t);
        for (String sourceShard : w.sourceShards()) {
            KeyRange range = t.shard(w.sourceKeyspace(), sourceShard).orElseThrow().keyRange();
            TabletManager source = managers.of(MoveTablets.requirePrimary(t, w.sourceKeyspace(), sourceShard));
            for (String targetShard : w.targetShards()) {
                TabletRecord target = MoveTablets.requirePrimary(t, w.targetKeyspace(), targetShard);
                String name = MoveTablets.reverseStream(w, targetShard);
                source.startStream(new StreamSpec(name, target.hostname(), target.mysqlPort(), w.targetKeyspace(),
                        RowShares.streamTables(tables, vs, range)));
                started.add(name);
            }
        }
    }

    /** Forward streams on the targets and reverse streams on the sources, forgotten; rows stay. */
    void deleteAll(WorkflowRecord w, Topology t) {
        for (String targetShard : w.targetShards()) {
            MoveTablets.primary(t, w.targetKeyspace(), targetShard).ifPresent(p -> {
                for (String sourceShard : w.sourceShards()) {
                    managers.of(p).deleteStream(MoveTablets.forwardStream(w, sourceShard));
                }
            });
        }
        deleteReverse(w, t);
    }

    void deleteReverse(WorkflowRecord w, Topology t) {
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
