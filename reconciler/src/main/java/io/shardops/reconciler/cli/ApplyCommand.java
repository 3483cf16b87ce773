package io.shardops.reconciler.cli;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.render.PlanText;
import io.shardops.spec.Cluster;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.render.PlanFile;
import io.shardops.planner.render.PlanFormatException;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.apply.RunOutcome;
import io.shardops.reconciler.apply.RunRecord;
import io.shardops.reconciler.apply.Staleness;
import io.shardops.reconciler.apply.StepHandlers;
import io.shardops.reconciler.topo.EtcdTopologySource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
            "Exit status: 0 applied or nothing to do; 1 error, refused, failed step or waiting for approval."
        })
public final class ApplyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC|PLANFILE",
            description = "A saved plan written by `shardops plan --out`, or a spec: then the plan is made now, shown, and run after confirmation.")
    Path planPath;

    @Option(names = "--etcd", paramLabel = "ENDPOINTS", defaultValue = "${env:SHARDOPS_ETCD}",
            description = "etcd endpoints of the cluster (default: $SHARDOPS_ETCD, else the local cluster of `shardops up`).")
    String etcd;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The local cluster of `shardops up` to apply to (default: $SHARDOPS_HOME or ./.shardops); ignored with --etcd.")
    Path stateDir;

    @picocli.CommandLine.Mixin
    CredentialsOption credentials = new CredentialsOption();

    @Option(names = "--auto-approve", description = "Run steps the policy gates (switch-primary, destroy) without stopping.")
    boolean autoApprove;

    @Option(names = "--approve", split = ",", paramLabel = "GATE",
            description = "Approve these policy gates for this run: switch-primary, destroy (comma-separated).")
    List<String> approve = List.of();

    @picocli.CommandLine.Mixin
    ProvisionerOption provisioning = new ProvisionerOption();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!PlanFile.looksLikePlanFile(planPath) && (Files.isDirectory(planPath) || isYaml(planPath))) {
            return applySpec(stdout, stderr);
        }
        Plan plan = readPlan(planPath);
        if (!PlanSource.TOPOLOGY.equals(plan.from().kind())) {
            throw new UserException(planPath + " was planned with --from " + plan.from().spec()
                    + ", against the state another spec describes, not against a live cluster; it cannot be applied."
                    + " Run shardops plan " + (plan.to().spec().isEmpty() ? "SPEC" : plan.to().spec()) + " --out PLANFILE without --from.");
        }
        EtcdAccess endpoints = LiveTopology.access(etcd, stateDir, credentials);
        return LiveTopology.withStore(endpoints, store -> {
            List<String> liveCells = new EtcdTopologySource(store).read(plan.to().cluster()).cells();
            Executor executor = new Executor(store, stepHandlers(endpoints, plan.to().cluster(), null, liveCells.isEmpty() ? "zone1" : liveCells.get(0), stdout),
                    Executor.Options.DEFAULT.approving(autoApprove, Set.copyOf(approve)), Clock.systemUTC(), stdout);
            Optional<RunRecord> earlier = executor.existingRun(plan);
            boolean resuming = earlier.isPresent() && !RunRecord.DONE.equals(earlier.get().state()) && !earlier.get().stepsDone().isEmpty();
            // a run of this very plan moved the topology itself; its record says how far it got
            if (!resuming) {
                Topology live = new EtcdTopologySource(store).read(plan.to().cluster());
                List<Staleness.KeyChange> changes = Staleness.changes(plan.from().modRevisions(), live.modRevisions());
                if (!changes.isEmpty() && !(earlier.isPresent() && RunRecord.DONE.equals(earlier.get().state()))) {
                    stderr.println(Staleness.refusal(changes));
                    stderr.flush();
                    return 1;
                }
            }
            return report(executor.run(plan), stdout, stderr);
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
        EtcdAccess endpoints = LiveTopology.access(etcd, stateDir, credentials);
        return LiveTopology.withStore(endpoints, store -> {
            Topology live = new EtcdTopologySource(store).read(cluster.name());
            PlanResult result = Planner.plan(cluster, live, PlanSource.ofTopology(live.revision(), live.modRevisions()),
                    new PlanTarget(cluster.name(), planPath.toString(), PlanCommand.hash(loaded.files()), ""));
            if (result.refused()) {
                result.errors().forEach(e -> stderr.println(e.format()));
                stderr.println("The plan is refused; nothing was applied. Change the spec as the hints say.");
                stderr.flush();
                return 1;
            }
            Plan plan = result.plan();
            if (!plan.hasChanges()) {
                stdout.println("No changes. The cluster " + cluster.name() + " already matches " + planPath + ".");
                stdout.flush();
                return 0;
            }
            stdout.print(PlanText.render(plan, false));
            stdout.flush();
            if (!autoApprove && !confirmed(stdout)) {
                stderr.println("Apply cancelled; nothing was changed. (Without a terminal, pass --auto-approve.)");
                stderr.flush();
                return 1;
            }
            List<String> cells = cluster.cells().stream().map(io.shardops.spec.Cell::name).toList();
            Executor executor = new Executor(store, stepHandlers(endpoints, cluster.name(), cluster, cells.get(0), stdout),
                    Executor.Options.DEFAULT.approving(autoApprove, Set.copyOf(approve)).withCells(cells), Clock.systemUTC(), stdout);
            return report(executor.run(plan), stdout, stderr);
        });
    }

    /** Terraform's question; only {@code yes} goes ahead. No terminal: no. */
    private static boolean confirmed(PrintWriter stdout) {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        stdout.println();
        stdout.print("Do you want to perform these actions? Only 'yes' will be accepted: ");
        stdout.flush();
        String answer = console.readLine();
        return answer != null && answer.trim().equals("yes");
    }

    /** The handler of each step kind this build can run without a provisioner: topology records and data moves. */
    static StepHandlers stepHandlers(io.shardops.reconciler.tablets.TabletManagers managers) {
        return io.shardops.reconciler.apply.move.MoveSteps.register(StepHandlers.topologyOnly(), managers, line -> { });
    }

    /** --etcd, else the etcd of the local cluster in --state-dir when given, else null (LiveTopology's defaults). */
    private String etcdOrLocal() {
        return LiveTopology.etcdOrLocal(etcd, stateDir);
    }

    /**
     * With no --etcd and the local cluster of {@code shardops up} in its state dir: every step kind, tablets
     * started and stopped through that cluster's provisioner, as {@code up} runs them.
     */
    private StepHandlers stepHandlers(EtcdAccess access, String clusterName, Cluster desired, String cell, PrintWriter out) {
        if (provisioning.kubernetes()) {
            return LocalApply.handlers(provisioning.kubernetesProvisioner(clusterName), access.tabletManagers(), desired, cell, out);
        }
        if (etcd == null || etcd.isBlank()) {
            io.shardops.reconciler.local.StateDir dir = io.shardops.reconciler.local.StateDir.resolve(stateDir);
            try {
                if (io.shardops.reconciler.local.LocalConfig.read(dir).isPresent()) {
                    io.shardops.reconciler.local.LocalCluster local = io.shardops.reconciler.local.LocalCluster.open(dir, null);
                    return LocalApply.handlers(new io.shardops.reconciler.provision.local.LocalProvisioner(local),
                            io.shardops.reconciler.tablets.TabletManagers.http(local.credentials()), desired, cell, out);
                }
            } catch (IOException e) {
                throw new UserException("cannot read the local cluster's state in " + dir.localJson() + ": " + e.getMessage());
            }
        }
        return io.shardops.reconciler.apply.move.MoveSteps.register(StepHandlers.topologyOnly(),
                access.tabletManagers(), line -> {
                    out.println("      " + line);
                    out.flush();
                });
    }

    private int report(RunOutcome outcome, PrintWriter stdout, PrintWriter stderr) {
        int code;
        if (outcome instanceof RunOutcome.NoChange) {
            stdout.println("No changes. The cluster already matches the plan.");
            code = 0;
        } else if (outcome instanceof RunOutcome.Applied a) {
            stdout.println("Apply complete! " + a.ran() + (a.ran() == 1 ? " step" : " steps") + " run"
                    + (a.total() > a.ran() ? " (" + (a.total() - a.ran()) + " done by an earlier run)" : "") + ".");
            code = 0;
        } else if (outcome instanceof RunOutcome.WaitingForApproval w) {
            stderr.println("Stopped before step " + w.step().index() + " (" + w.step().kind().word() + " " + w.step().target()
                    + "): the policy requires approval for " + w.step().approval().word() + ". Run shardops apply " + planPath
                    + " --approve " + w.step().approval().word() + " (or --auto-approve) to continue from there.");
            code = 1;
        } else if (outcome instanceof RunOutcome.Failed f) {
            stderr.println("Step " + f.step().index() + " (" + f.step().kind().word() + " " + f.step().target() + ") failed: " + f.reason()
                    + ". Fix the cause and run shardops apply " + planPath + " again: it resumes at that step.");
            code = 1;
        } else {
            RunOutcome.Unsupported u = (RunOutcome.Unsupported) outcome;
            StringBuilder kinds = new StringBuilder();
            u.missing().forEach((kind, steps) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(kind.word())
                    .append(steps.size() == 1 ? " (step " : " (steps ").append(steps.stream().map(String::valueOf).collect(Collectors.joining(", "))).append(')'));
            stderr.println("This plan needs steps this build cannot run yet: " + kinds + ". Nothing was changed;"
                    + " those steps arrive with the data plane.");
            code = 1;
        }
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
