package io.shardops.reconciler.restore;

import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologySource;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletSteps;
import io.shardops.reconciler.apply.steps.topology.TopologySteps;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.TabletType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code shardops restore --drop NEW_KS}: removes a snapshot keyspace made by {@code restore --into NEW_KS} the way
 * a plan deletes a keyspace (stop-tablets, delete-shard with its data, delete-keyspace), so the gateway stops routing
 * it and its tablets' datadirs are freed. Only a keyspace the topology marks as a snapshot: a keyspace of the spec
 * is deleted by removing it from the spec, with the plan's destroy step.
 */
public final class SnapshotDrop {
    private final String cluster;
    private final TopologySource topology;
    private final TopologyWriter writer;
    private final TabletSteps tablets;
    private final Path workDir;
    private final Consumer<String> progress;

    /** @param workDir where restores keep their downloaded binlogs ({@code <state dir>/restore-work}) */
    public SnapshotDrop(String cluster, TopologySource topology, TopologyWriter writer, TabletSteps tablets, Path workDir,
                        Consumer<String> progress) {
        this.cluster = cluster;
        this.topology = topology;
        this.writer = writer;
        this.tablets = tablets;
        this.workDir = workDir;
        this.progress = progress;
    }

    public void run(String keyspace) {
        Topology t = topology.read(cluster);
        KeyspaceRecord k = t.keyspace(keyspace).orElseThrow(() -> new RestoreException(
                "keyspace " + keyspace + " does not exist; shardops status lists the keyspaces"));
        if (!k.isSnapshot()) {
            throw new RestoreException("keyspace " + keyspace + " is not a snapshot keyspace (one made by shardops restore --into);"
                    + " nothing was changed. A keyspace of the spec is deleted by removing it from the spec and applying the plan");
        }
        progress.accept("Dropping snapshot keyspace " + keyspace + " (of " + k.snapshot().baseKeyspace() + " at " + k.snapshot().time() + ")");
        StepContext ctx = new StepContext(cluster, "drop-" + keyspace, writer, t.cells());
        try {
            for (ShardRecord shard : t.shardsOf(keyspace)) {
                List<TabletRecord> of = t.tablets().values().stream()
                        .filter(r -> r.keyspace().equals(keyspace) && r.shard().equals(shard.name())).toList();
                int rdonly = (int) of.stream().filter(r -> r.type() == TabletType.RDONLY).count();
                if (!of.isEmpty()) {
                    progress.accept("  " + tablets.stopTablets(new Action.StopTablets(keyspace, shard.name(), of.size() - rdonly, rdonly,
                            of.stream().map(TabletRecord::alias).sorted().toList())));
                }
                Action.DeleteShard delete = new Action.DeleteShard(keyspace, shard.name());
                TopologySteps.deleteShard(delete, ctx);
                progress.accept("  " + tablets.deleteShardData(delete));
            }
            TopologySteps.deleteKeyspace(new Action.DeleteKeyspace(keyspace), ctx);
        } catch (StepException e) {
            throw new RestoreException("drop of " + keyspace + " stopped: " + e.getMessage() + "; run the command again", e);
        }
        deleteWorkFiles(keyspace);
        progress.accept("Dropped " + keyspace + ": its tablets are stopped, it is gone from the topology and the gateway, its data deleted");
    }

    /** The binlogs a restore downloaded into {@code <work dir>/NEW_KS-SHARD}. */
    private void deleteWorkFiles(String keyspace) {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(workDir)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith(keyspace + "-")).toList()) {
                try (Stream<Path> walk = Files.walk(d)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            progress.accept("  could not delete the restore's work files under " + workDir + ": " + e.getMessage());
        }
    }
}
