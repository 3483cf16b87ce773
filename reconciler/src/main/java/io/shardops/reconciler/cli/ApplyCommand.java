package io.shardops.reconciler.cli;

import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.render.PlanText;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.LocalConfig;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.provision.local.LocalProvisioner;
import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.render.PlanFile;
import io.shardops.planner.render.PlanFormatException;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.OutcomeText;
import io.shardops.reconciler.apply.Reconcile;
import io.shardops.reconciler.apply.Staleness;
import io.shardops.reconciler.apply.StepDispatch;
import io.shardops.reconciler.topo.EtcdTopologySource;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shardops apply PLANFILE}: runs a saved plan if the live topology is still what the plan read.
 * A plan whose keys moved since is refused, as terraform refuses a stale plan file; a run of the same
 * plan that stopped part-way (failure, approval gate) is resumed without that check, since its own
 * steps moved the keys.
 */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Apply a saved plan (from `shardops plan SPEC --out PLANFILE`) to the live cluster, or plan SPEC now, show it and apply it once confirmed.",
            "A plan is refused when any topology record it read has changed since it was made: run shardops plan again.",
            "An interrupted or gated run of the same plan resumes where it stopped.",
            "Steps the policy gates (switch-primary, destroy) stop the run until approved: pass --approve switch-primary,destroy"
                    + " to let them run, or approve the waiting step with shardops approve and apply again."
                    + " --auto-approve approves every gate and also answers the confirmation question of apply SPEC.",
            "Exit status: 0 applied or nothing to do; 1 error, refused, failed step or waiting for approval."
        })
public final class ApplyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC|PLANFILE",
            description = "A saved plan written by `shardops plan --out`, or a spec: then the plan is made now, shown, and run after confirmation.")
    Path planPath;

    @Mixin
    EtcdOption etcd = new EtcdOption();

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    AutoApproveOption autoApprove = new AutoApproveOption();

    @Mixin
    ApproveOption approve = new ApproveOption();

    @Mixin
    ProvisionerOption provisioning = new ProvisionerOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!PlanFile.looksLikePlanFile(planPath) && (Files.isDirectory(planPath) || isYaml(planPath))) {
            return applySpec(stdout, stderr);
        }
        Plan plan = readPlan(planPath);
        if (plan.from().kind() != PlanSource.Kind.TOPOLOGY) {
            throw new UserException(planPath + " was planned with --from " + plan.from().spec()
                    + ", against the state another spec describes, not against a live cluster; it cannot be applied."
                    + " Run shardops plan " + (plan.to().spec().isEmpty() ? "SPEC" : plan.to().spec()) + " --out PLANFILE without --from.");
        }
        EtcdAccess endpoints = etcd.access(stateDir.dir);
        return LiveTopology.withStore(endpoints, store -> {
            List<String> liveCells = new EtcdTopologySource(store).read(plan.to().cluster()).cells();
            Reconcile reconcile = new Reconcile(store, dispatch(endpoints, plan.to().cluster(), null, liveCells.isEmpty() ? "zone1" : liveCells.get(0), stdout),
                    Executor.Options.DEFAULT.approving(autoApprove.on, approve.set()), Clock.systemUTC(), stdout);
            return report(reconcile.savedPlan(plan), stdout, stderr);
        });
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /** {@code apply SPEC}: plan against the live topology now, show the plan, run it once confirmed. */
    private int applySpec(PrintWriter stdout, PrintWriter stderr) {
        LoadResult loaded = SpecLoader.load(planPath);
        if (!loaded.isValid()) {
            loaded.problems().forEach(p -> stderr.println(p.render()));
            stderr.println(loaded.problems().size() + (loaded.problems().size() == 1 ? " error" : " errors") + " in " + planPath + "; nothing was applied");
            stderr.flush();
            return 1;
        }
        Cluster cluster = loaded.cluster().orElseThrow();
        List<String> cells = cluster.cells().stream().map(Cell::name).toList();
        EtcdAccess endpoints = etcd.access(stateDir.dir);
        return LiveTopology.withStore(endpoints, store -> {
            Reconcile reconcile = new Reconcile(store, dispatch(endpoints, cluster.name(), cluster, cells.get(0), stdout),
                    Executor.Options.DEFAULT.approving(autoApprove.on, approve.set()).withCells(cells), Clock.systemUTC(), stdout);
            PlanTarget target = new PlanTarget(cluster.name(), planPath.toString(), PlanCommand.hash(loaded.files()), "");
            Reconcile.Result result = reconcile.spec(cluster, target, plan -> {
                stdout.print(PlanText.render(plan, false));
                stdout.flush();
                return autoApprove.on || confirmed(stdout);
            });
            if (result instanceof Reconcile.Result.NoChanges) {
                stdout.println("No changes. The cluster " + cluster.name() + " already matches " + planPath + ".");
                stdout.flush();
                return 0;
            }
            return report(result, stdout, stderr);
        });
    }

    /** Terraform's question; only {@code yes} goes ahead. No terminal: no. */
    private static boolean confirmed(PrintWriter stdout) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        stdout.println();
        stdout.print("Do you want to perform these actions? Only 'yes' will be accepted: ");
        stdout.flush();
        String answer = console.readLine();
        return answer != null && answer.trim().equals("yes");
    }

    /**
     * With no --etcd and the local cluster of {@code shardops up} in its state dir: every step kind, tablets
     * started and stopped through that cluster's provisioner, as {@code up} runs them.
     */
    private StepDispatch dispatch(EtcdAccess access, String clusterName, Cluster desired, String cell, PrintWriter out) {
        if (provisioning.kubernetes()) {
            return LocalApply.dispatch(provisioning.kubernetesProvisioner(clusterName), access.tabletManagers(), desired, cell, out);
        }
        if (!etcd.given()) {
            StateDir dir = stateDir.resolve();
            try {
                if (LocalConfig.read(dir).isPresent()) {
                    LocalCluster local = LocalCluster.open(dir, null);
                    return LocalApply.dispatch(new LocalProvisioner(local),
                            TabletManagers.http(local.credentials()), desired, cell, out);
                }
            } catch (IOException e) {
                throw new UserException("cannot read the local cluster's state in " + dir.localJson() + ": " + e.getMessage());
            }
        }
        return LocalApply.withoutProvisioner(access.tabletManagers(), out);
    }

    /** Prints how the apply ended; the exit status: 0 applied or nothing to do, 1 otherwise. */
    private int report(Reconcile.Result result, PrintWriter stdout, PrintWriter stderr) {
        int code = switch (result) {
            case Reconcile.Result.Refused r -> {
                r.errors().forEach(e -> stderr.println(e.render()));
                stderr.println("The plan is refused; nothing was applied. Change the spec as the hints say.");
                yield 1;
            }
            case Reconcile.Result.Blocked b -> {
                stderr.print(PlanText.render(b.plan(), false));
                int n = b.plan().blockingFindings().size();
                stderr.println("The change review found " + n + (n == 1 ? " error" : " errors") + "; nothing was applied."
                        + " Change the spec as the hints say, or set the code's level in policy.lint (docs/lint.md).");
                yield 1;
            }
            case Reconcile.Result.Stale s -> {
                stderr.println(Staleness.refusal(s.changes()));
                yield 1;
            }
            case Reconcile.Result.Declined d -> {
                stderr.println("Apply cancelled; nothing was changed. Without a terminal, save the plan with shardops plan SPEC --out PLANFILE"
                        + " and apply that (a saved plan asks no question), or pass --auto-approve, which also runs the gated steps.");
                yield 1;
            }
            case Reconcile.Result.NoChanges n -> {
                stdout.println("No changes. The cluster already matches the plan.");
                yield 0;
            }
            case Reconcile.Result.Ran ran -> {
                String message = OutcomeText.message(ran.outcome(), OutcomeText.Resume.apply(planPath.toString()));
                boolean ok = OutcomeText.succeeded(ran.outcome());
                (ok ? stdout : stderr).println(message);
                yield ok ? 0 : 1;
            }
        };
        stdout.flush();
        stderr.flush();
        return code;
    }

    static Plan readPlan(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UserException(path + " does not exist or is not a file; write a plan with: shardops plan SPEC --out " + path);
        }
        if (!PlanFile.looksLikePlanFile(path)) {
            throw new UserException(path + " is neither a saved plan nor a spec (.yaml file or folder);"
                    + " write a plan with: shardops plan SPEC --out PLANFILE, then shardops apply PLANFILE");
        }
        try {
            return PlanFile.read(path);
        } catch (PlanFormatException e) {
            throw new UserException(path + " is not a valid saved plan: " + e.getMessage() + "; write it again with shardops plan --out");
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + e.getMessage());
        }
    }
}
