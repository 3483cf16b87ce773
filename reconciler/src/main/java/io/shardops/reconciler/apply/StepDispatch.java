package io.shardops.reconciler.apply;

import io.shardops.planner.plan.Action;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.Step;
import io.shardops.planner.plan.StepKind;
import io.shardops.planner.topology.BackupPolicyRecord;
import io.shardops.reconciler.apply.steps.move.Moves;
import io.shardops.reconciler.apply.steps.schemachange.SchemaChangeSteps;
import io.shardops.reconciler.backup.BackupPolicyRecorder;
import io.shardops.reconciler.backup.BackupSettingsSource;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.StepHandler;
import io.shardops.reconciler.apply.steps.topology.TopologySteps;
import io.shardops.reconciler.provision.Provisioner;
import io.shardops.reconciler.apply.steps.rebuild.TabletRebuild;
import io.shardops.reconciler.apply.steps.tablets.NewTabletSeeding;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.apply.steps.tablets.TabletSteps;
import io.shardops.spec.Cluster;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one place that names the handler of every step kind: an exhaustive switch over the planner's sealed
 * {@link Action}, so a new kind does not compile until it has a handler here. What differs between a local
 * cluster, Kubernetes and a test is only the {@link DataPlane} at the edges: the provisioner and the way to
 * reach a tablet's manager.
 */
public final class StepDispatch {

    /**
     * The edges the handlers act through.
     *
     * @param provisioner runs and removes tablets; empty where this process cannot (apply --etcd to a remote
     *                    cluster): then the tablet steps have no handler and a plan with them changes nothing
     * @param managers    how a handler reaches a tablet's manager
     * @param desired     the spec being applied (tablet counts and table definitions), or null for a saved plan
     * @param cell        the cell tablets run in
     * @param progress    where handlers say what they did, a line at a time
     * @param backupPolicies where a {@code set-backup-policy} step records the policy besides the topology
     */
    public record DataPlane(Optional<Provisioner> provisioner, TabletManagers managers, Cluster desired, String cell,
                            Consumer<String> progress, BackupSettingsSource backups, BackupPolicyRecorder backupPolicies) {
        /** Without backups: new tablets replicate everything from the primary. */
        public DataPlane(Optional<Provisioner> provisioner, TabletManagers managers, Cluster desired, String cell,
                         Consumer<String> progress) {
            this(provisioner, managers, desired, cell, progress, BackupSettingsSource.NONE);
        }

        /** A backup policy is recorded in the topology only. */
        public DataPlane(Optional<Provisioner> provisioner, TabletManagers managers, Cluster desired, String cell,
                         Consumer<String> progress, BackupSettingsSource backups) {
            this(provisioner, managers, desired, cell, progress, backups, BackupPolicyRecorder.NONE);
        }

        /** Topology records and moves only: tablets are reached over HTTP, none are started or stopped. */
        public static DataPlane withoutProvisioner(TabletManagers managers, Consumer<String> progress) {
            return new DataPlane(Optional.empty(), managers, null, "", progress);
        }
    }

    private final DataPlane edges;
    private final Moves moves;
    private final SchemaChangeSteps schemaChanges;

    public StepDispatch(DataPlane edges) {
        this.edges = edges;
        this.moves = new Moves(edges.managers(), edges.progress());
        this.schemaChanges = new SchemaChangeSteps(edges.managers(), edges.desired(), edges.progress());
    }

    /** The handler for {@code action}; empty when it needs a provisioner this dispatch has none of. */
    public Optional<StepHandler> handler(Action action) {
        return switch (action) {
            case Action.CreateKeyspace a -> of(ctx -> TopologySteps.createKeyspace(a, ctx));
            case Action.DeleteKeyspace a -> of(ctx -> TopologySteps.deleteKeyspace(a, ctx));
            case Action.CreateShard a -> of(ctx -> TopologySteps.createShard(a, ctx));
            case Action.DeleteShard a -> of(ctx -> deleteShard(a, ctx));
            case Action.ApplyVSchema a -> of(ctx -> TopologySteps.applyVSchema(a, ctx));
            case Action.StartTablets a -> tablets(steps -> steps.startTablets(a));
            case Action.StopTablets a -> tablets(steps -> steps.stopTablets(a));
            case Action.InitPrimary a -> tablets(steps -> steps.initPrimary(a.keyspace(), a.shard()));
            case Action.SetDurability a -> tablets(steps -> steps.setDurability(a));
            case Action.RebuildTablet a -> edges.provisioner().map(provisioner -> ctx -> new TabletRebuild(provisioner, edges.managers(),
                    new NewTabletSeeding(edges.managers(), edges.backups(), edges.progress()), edges.progress(), Clock.systemUTC()).run(a, ctx));
            case Action.ApplySchema a -> tablets(steps -> steps.applySchema(a));
            case Action.CopySchema a -> tablets(steps -> steps.copySchema(a));
            case Action.CreateSequence a -> tablets(steps -> steps.createSequence(a));
            case Action.StartCopy a -> of(ctx -> moves.startCopy(a, ctx));
            case Action.VerifyDiff a -> of(ctx -> moves.verifyDiff(a, ctx));
            case Action.SwitchTraffic a -> of(ctx -> moves.switchTraffic(a, ctx));
            case Action.ReverseTraffic a -> of(ctx -> moves.reverseTraffic(a, ctx));
            case Action.RemoveTabletControls a -> of(ctx -> moves.removeTabletControls(a, ctx));
            case Action.DropTables a -> of(ctx -> {
                schemaChanges.beforeDrop(a, ctx);  // an old table of a schema change: its reverse stream goes first
                moves.dropTables(a, ctx);
            });
            case Action.CompleteMigration a -> of(ctx -> moves.completeMigration(a, ctx));
            case Action.SchemaChange a -> of(ctx -> schemaChanges.change(a, ctx));
            case Action.SchemaCutover a -> of(ctx -> schemaChanges.cutover(a, ctx));
            case Action.SetBackupPolicy a -> of(ctx -> setBackupPolicy(a, ctx));
            case Action.SchemaRevert a -> of(ctx -> schemaChanges.revertStep(a, ctx));
            case Action.DropOldTable a -> of(ctx -> schemaChanges.dropOldTable(a, ctx));
        };
    }

    /** Step indexes by kind, for the steps of {@code plan} that have no handler here. */
    public Map<StepKind, List<Integer>> missing(Plan plan) {
        Map<StepKind, List<Integer>> out = new LinkedHashMap<>();
        for (Step s : plan.steps()) {
            if (handler(s.action()).isEmpty()) {
                out.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s.index());
            }
        }
        return out;
    }

    private static Optional<StepHandler> of(StepHandler handler) {
        return Optional.of(handler);
    }

    /** A step run by {@link TabletSteps}, which says what it did in one sentence. */
    @FunctionalInterface
    private interface TabletStep {
        String run(TabletSteps steps);
    }

    private Optional<StepHandler> tablets(TabletStep step) {
        return edges.provisioner().map(provisioner -> ctx -> {
            try {
                edges.progress().accept(step.run(tabletSteps(ctx, provisioner)));
            } catch (TabletSteps.NotRegistered e) {
                throw new StepException(e.getMessage());  // waited long enough: no retry
            }
        });
    }

    private TabletSteps tabletSteps(StepContext ctx, Provisioner provisioner) {
        return new TabletSteps(ctx.cluster(), name -> ctx.topology(), ctx.writer(), provisioner, edges.managers(), edges.desired(), edges.cell())
                .seedingFrom(edges.backups(), edges.progress());
    }

    /** The records go; with a provisioner, so does the data the shard's stopped tablets kept. */
    private void deleteShard(Action.DeleteShard a, StepContext ctx) throws StepException {
        TopologySteps.deleteShard(a, ctx);
        if (edges.provisioner().isPresent()) {
            edges.progress().accept(tabletSteps(ctx, edges.provisioner().get()).deleteShardData(a));
        }
    }

    /** The keyspace's record holds the policy plans compare with; the recorder puts it where the scheduler reads it. */
    private void setBackupPolicy(Action.SetBackupPolicy a, StepContext ctx) throws StepException {
        TopologySteps.setBackupPolicy(a, ctx);
        try {
            edges.backupPolicies().record(a.keyspace(), a.policy());
        } catch (IOException e) {
            throw new StepException("cannot record the backup policy of " + a.keyspace() + ": " + e.getMessage());
        }
        edges.progress().accept("backup policy of " + a.keyspace() + ": " + BackupPolicyRecord.describe(a.policy()));
    }
}
