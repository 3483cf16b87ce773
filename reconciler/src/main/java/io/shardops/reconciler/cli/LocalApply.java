package io.shardops.reconciler.cli;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanError;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.plan.Step;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.RunOutcome;
import io.shardops.reconciler.apply.StepHandlers;
import io.shardops.reconciler.local.LocalCluster;
import io.shardops.reconciler.provision.Provisioner;
import io.shardops.reconciler.tablets.TabletManagers;
import io.shardops.reconciler.tablets.TabletSteps;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code up SPEC}'s second half: plan against the live topology and apply with the local provisioner. */
final class LocalApply {
    private LocalApply() {}

    /** Every step kind the executor can run with a provisioner: topology-only steps and the tablet steps. */
    static StepHandlers handlers(Provisioner provisioner, TabletManagers managers, Cluster desired, String cell, PrintWriter out) {
        java.util.function.Consumer<String> progress = line -> {
            out.println("      " + line);
            out.flush();
        };
        return io.shardops.reconciler.apply.move.MoveSteps.register(
                TabletSteps.register(StepHandlers.topologyOnly(), provisioner, managers, desired, cell, progress),
                managers, progress);
    }

    /**
     * The handlers for each desired spec on the local cluster of {@code shardops up}, for the watcher: first,
     * as {@code up SPEC} does, the gateways the spec's cells ask for are started (a no-op when they run).
     */
    static java.util.function.Function<Cluster, StepHandlers> handlers(LocalCluster local, PrintWriter out) {
        Provisioner provisioner = new io.shardops.reconciler.provision.local.LocalProvisioner(local);
        return perSpec(desired -> provisioner, TabletManagers.http(local.credentials()), out);
    }

    /**
     * The handlers for each desired spec, with the provisioner of that spec's cluster; the gateways its cells
     * ask for are ensured first, as {@code up SPEC} does.
     */
    static java.util.function.Function<Cluster, StepHandlers> perSpec(java.util.function.Function<Cluster, Provisioner> provisionerOf,
                                                                      TabletManagers managers, PrintWriter out) {
        return desired -> {
            Provisioner provisioner = provisionerOf.apply(desired);
            for (Cell cell : desired.cells()) {
                provisioner.ensureGateways(cell.name(), cell.gateway()).changes().forEach(c -> {
                    out.println("      " + c);
                    out.flush();
                });
            }
            return handlers(provisioner, managers, desired, desired.cells().get(0).name(), out);
        };
    }

    static void run(Cluster cluster, String specPath, String specHash, LocalCluster local, Provisioner provisioner,
                    boolean autoApprove, PrintWriter out) {
        try (EtcdTopoStore store = local.topoStore()) {
            Topology live = new EtcdTopologySource(store).read(cluster.name());
            PlanResult result = Planner.plan(cluster, live, PlanSource.ofTopology(live.revision(), live.modRevisions()),
                    new PlanTarget(cluster.name(), specPath, specHash, ""));
            if (result.refused()) {
                throw new UserException("cannot plan " + specPath + ":\n" + result.errors().stream()
                        .map(PlanError::toString).collect(Collectors.joining("\n")));
            }
            Plan plan = result.plan();
            if (plan.steps().isEmpty()) {
                out.println("No changes: the cluster already matches " + specPath + ".");
                out.flush();
                return;
            }
            out.println(plan.summary().line());
            for (Step s : plan.steps()) {
                out.println("  " + s.index() + ". " + s.kind().word() + " " + s.target() + ": " + s.description());
            }
            out.flush();
            List<String> cells = cluster.cells().stream().map(Cell::name).toList();
            StepHandlers handlers = handlers(provisioner, TabletManagers.http(local.credentials()), cluster, cells.get(0), out);
            Executor executor = new Executor(store, handlers, Executor.Options.DEFAULT.approving(autoApprove, Set.of()).withCells(cells),
                    Clock.systemUTC(), out);
            RunOutcome outcome = executor.run(plan);
            out.flush();
            if (outcome instanceof RunOutcome.Applied a) {
                out.println("Applied " + a.total() + " steps (run " + a.runId() + ").");
            } else if (outcome instanceof RunOutcome.NoChange) {
                out.println("No changes.");
            } else if (outcome instanceof RunOutcome.WaitingForApproval w) {
                throw new UserException("stopped before step " + w.step().index() + " (" + w.step().kind().word() + " " + w.step().target()
                        + "): the spec's policy gates " + w.step().approval().word() + "; run shardops up again with --auto-approve to go on", 2);
            } else if (outcome instanceof RunOutcome.Failed f) {
                throw new UserException("step " + f.step().index() + " (" + f.step().kind().word() + " " + f.step().target() + ") failed: "
                        + f.reason() + "\nFix the cause and run shardops up again: the run resumes at that step.");
            } else if (outcome instanceof RunOutcome.Unsupported u) {
                throw new UserException("this build cannot apply steps of kind " + u.missing().keySet().stream()
                        .map(k -> k.word()).collect(Collectors.joining(", ")) + " (steps " + u.missing().values() + ")");
            }
            out.flush();
        } catch (TopoException e) {
            throw new UserException("etcd at " + local.config().etcdEndpoint() + ": " + e.getMessage());
        }
    }
}
