package io.shardops.reconciler.cli;

import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.render.PlanFile;
import io.shardops.planner.render.PlanFormatException;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.Staleness;
import io.shardops.reconciler.topo.EtcdTopologySource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shardops apply PLANFILE}: runs a saved plan if the live topology is still what the plan read.
 * A plan whose keys moved since is refused, as terraform refuses a stale plan file.
 */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Apply a saved plan (from `shardops plan SPEC --out PLANFILE`) to the live cluster.",
            "A plan is refused when any topology record it read has changed since it was made: run shardops plan again.",
            "Exit status: 0 applied or nothing to do; 1 error or refused."
        })
public final class ApplyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PLANFILE", description = "A saved plan written by `shardops plan --out`.")
    Path planPath;

    @Option(names = "--etcd", paramLabel = "ENDPOINTS", defaultValue = "${env:SHARDOPS_ETCD}",
            description = "etcd endpoints of the cluster (default: $SHARDOPS_ETCD, else the local cluster of `shardops up`).")
    String etcd;

    @Option(names = "--auto-approve", description = "Run steps the policy gates (switch-primary, destroy) without stopping.")
    boolean autoApprove;

    @Option(names = "--approve", split = ",", paramLabel = "GATE",
            description = "Approve these policy gates for this run: switch-primary, destroy (comma-separated).")
    List<String> approve = List.of();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Plan plan = readPlan(planPath);
        if (!PlanSource.TOPOLOGY.equals(plan.from().kind())) {
            throw new UserException(planPath + " was planned with --from " + plan.from().spec()
                    + ", against the state another spec describes, not against a live cluster; it cannot be applied."
                    + " Run shardops plan " + (plan.to().spec().isEmpty() ? "SPEC" : plan.to().spec()) + " --out PLANFILE without --from.");
        }
        String endpoints = LiveTopology.endpoints(etcd);
        return LiveTopology.withStore(endpoints, store -> {
            Topology live = new EtcdTopologySource(store).read(plan.to().cluster());
            List<Staleness.KeyChange> changes = Staleness.changes(plan.from().modRevisions(), live.modRevisions());
            if (!changes.isEmpty()) {
                stderr.println(Staleness.refusal(changes));
                stderr.flush();
                return 1;
            }
            if (!plan.hasChanges()) {
                stdout.println("No changes. The cluster " + plan.to().cluster() + " already matches the plan.");
                stdout.flush();
                return 0;
            }
            stderr.println("The saved plan is current (topology revision " + plan.from().topologyRevision() + ", "
                    + plan.steps().size() + " steps), but executing its steps arrives with the data plane; nothing was changed.");
            stderr.flush();
            return 1;
        });
    }

    static Plan readPlan(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UserException(path + " does not exist or is not a file; write a plan with: shardops plan SPEC --out " + path);
        }
        if (!PlanFile.looksLikePlanFile(path)) {
            throw new UserException(path + " is not a saved plan (applying a spec directly is not built yet);"
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
