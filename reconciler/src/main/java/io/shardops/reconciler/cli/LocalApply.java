package io.shardops.reconciler.cli;

import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.plan.Step;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.OutcomeText;
import io.shardops.reconciler.apply.Reconcile;
import io.shardops.reconciler.apply.RunOutcome;
import io.shardops.reconciler.apply.StepDispatch;
import io.shardops.reconciler.backup.AppliedBackupPolicy;
import io.shardops.reconciler.backup.BackupPolicyRecorder;
import io.shardops.reconciler.backup.BackupSettingsSource;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.provision.Provisioner;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.provision.local.LocalProvisioner;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code up SPEC}'s second half: plan against the live topology and apply with the local provisioner. */
final class LocalApply {
    private LocalApply() {}

    /** Every step kind, tablets run by {@code provisioner} and reached over HTTP; progress lines indented under their step. */
    static StepDispatch dispatch(Provisioner provisioner, TabletManagers managers, Cluster desired, String cell, PrintWriter out) {
        // a local cluster seeds new tablets from backups: the spec's policy, else <state dir>/backups (issue 17)
        BackupSettingsSource backups = BackupSettingsSource.NONE;
        BackupPolicyRecorder policies = BackupPolicyRecorder.NONE;
        if (provisioner instanceof LocalProvisioner local) {
            Path stateDir = local.stateDir().root();
            Path defaultLocation = AppliedBackupPolicy.defaultLocation(stateDir);
            backups = BackupSettingsSource.localDefault(defaultLocation);
            // the policy is recorded in the state dir by the plan's set-backup-policy step, not before the plan
            // is approved; new tablets of this apply are seeded by the spec's policy already
            if (desired != null) {
                backups = AppliedBackupPolicy.of(desired, defaultLocation).source(defaultLocation);
            }
            policies = BackupPolicyRecorder.stateDir(stateDir, defaultLocation);
        }
        return new StepDispatch(new StepDispatch.DataPlane(Optional.of(provisioner), managers, desired, cell, progress(out), backups, policies));
    }

    /** Topology records and moves only, for a cluster this process runs no tablets of (apply --etcd). */
    static StepDispatch withoutProvisioner(TabletManagers managers, PrintWriter out) {
        return new StepDispatch(StepDispatch.DataPlane.withoutProvisioner(managers, progress(out)));
    }

    static Consumer<String> progress(PrintWriter out) {
        return line -> {
            out.println("      " + line);
            out.flush();
        };
    }

    /**
     * The dispatch for each desired spec on the local cluster of {@code shardops up}, for the watcher: first,
     * as {@code up SPEC} does, the gateways the spec's cells ask for are started (a no-op when they run).
     */
    static Function<Cluster, StepDispatch> dispatch(LocalCluster local, PrintWriter out) {
        Provisioner provisioner = new LocalProvisioner(local);
        return perSpec(desired -> provisioner, TabletManagers.http(local.credentials()), out);
    }

    /**
     * The dispatch for each desired spec, with the provisioner of that spec's cluster; the gateways its cells
     * ask for are ensured first, as {@code up SPEC} does.
     */
    static Function<Cluster, StepDispatch> perSpec(Function<Cluster, Provisioner> provisionerOf, TabletManagers managers, PrintWriter out) {
        return desired -> {
            Provisioner provisioner = provisionerOf.apply(desired);
            for (Cell cell : desired.cells()) {
                provisioner.ensureGateways(cell.name(), cell.gateway()).changes().forEach(c -> {
                    out.println("      " + c);
                    out.flush();
                });
            }
            return dispatch(provisioner, managers, desired, desired.cells().get(0).name(), out);
        };
    }

    static void run(Cluster cluster, String specPath, String specHash, LocalCluster local, Provisioner provisioner,
                    boolean autoApprove, PrintWriter out) {
        try (EtcdTopoStore store = local.topoStore()) {
            List<String> cells = cluster.cells().stream().map(Cell::name).toList();
            Reconcile reconcile = new Reconcile(store, dispatch(provisioner, TabletManagers.http(local.credentials()), cluster, cells.get(0), out),
                    Executor.Options.DEFAULT.approving(autoApprove, Set.of()).withCells(cells), Clock.systemUTC(), out);
            Reconcile.Result result = reconcile.spec(cluster, new PlanTarget(cluster.name(), specPath, specHash, ""), plan -> {
                out.println(plan.summary().line());
                for (Step s : plan.steps()) {
                    out.println("  " + s.index() + ". " + s.kind().word() + " " + s.target() + ": " + s.description());
                }
                out.flush();
                return true;
            });
            switch (result) {
                case Reconcile.Result.Refused r -> throw new UserException("cannot plan " + specPath + ":\n" + r.errors().stream()
                        .map(Problem::render).collect(Collectors.joining("\n")));
                case Reconcile.Result.Blocked b -> throw new UserException("the change review refuses " + specPath + ":\n" + b.plan().blockingFindings().stream()
                        .map(f -> f.render() + " [" + f.code() + "]").collect(Collectors.joining("\n")) + "\nnothing was applied; set the code's level in policy.lint to go ahead (docs/lint.md)");
                case Reconcile.Result.NoChanges n -> out.println("No changes: the cluster already matches " + specPath + ".");
                case Reconcile.Result.Ran ran -> report(ran.outcome(), out);
                case Reconcile.Result.Declined d -> throw new IllegalStateException("shardops up goes ahead without asking");
                case Reconcile.Result.Stale s -> throw new IllegalStateException("shardops up plans now; its plan cannot be stale");
            }
            out.flush();
        } catch (TopoException e) {
            throw new UserException("etcd at " + local.config().etcdEndpoint() + ": " + e.getMessage());
        }
    }

    private static void report(RunOutcome outcome, PrintWriter out) {
        out.flush();
        String message = OutcomeText.message(outcome, OutcomeText.Resume.up());
        if (OutcomeText.succeeded(outcome)) {
            out.println(message);
            return;
        }
        throw new UserException(message, outcome instanceof RunOutcome.WaitingForApproval ? 2 : 1);
    }
}
