package io.shardops.reconciler.cli;

import io.shardops.reconciler.apply.Approval;
import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.topo.TopoStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardops approve RUN STEP}: the go-ahead for the gated step a run waits at. */
@Command(name = "approve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Approve the gated step (switch-primary, destroy) that a run stopped before.",
            "The approval is kept in etcd beside the run: the watcher continues on its next pass; after `shardops apply` stopped,"
                    + " run it again.",
            "Without arguments, list the runs waiting for approval.",
            "Exit status: 0 approved (or listed), 1 refused (unknown run, not waiting, another step)."
        })
public final class ApproveCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "The run id, as apply, status and the console print it (run-...).")
    String runId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "STEP", description = "The step number the run waits at.")
    Integer step;

    @Mixin
    LiveClusterOptions live = new LiveClusterOptions();

    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${env:USER}", description = "Who approves, recorded with the approval (default: $USER).")
    String by;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EtcdAccess endpoints = live.access();
        if (runId == null) {
            return LiveTopology.withStore(endpoints, store -> listWaiting(store, out));
        }
        if (step == null) {
            throw new UserException("name the step to approve: shardops approve " + runId + " STEP");
        }
        return LiveTopology.withStore(endpoints, store -> {
            String name = live.cluster.given() != null ? live.cluster.given() : clusterOf(store, runId);
            try {
                Approval a = new Approvals(store, name).approve(runId, step, by == null || by.isBlank() ? "unknown" : by, Instant.now());
                out.println("Approved step " + a.step() + " of " + a.runId() + (a.gate().isEmpty() ? "" : " (" + a.gate() + ")")
                        + " by " + a.by() + " at " + a.at() + ".");
                out.println("The watcher continues on its next pass; after `shardops apply` stopped, run the same apply again.");
                return 0;
            } catch (Approvals.Refused e) {
                throw new UserException(e.getMessage());
            }
        });
    }

    private static int listWaiting(TopoStore store, PrintWriter out) {
        List<String> clusters = store.clusters();
        int n = 0;
        for (String c : clusters) {
            for (var run : new Approvals(store, c).waiting()) {
                out.println(run.id() + " step " + Approvals.waitingStep(run).map(String::valueOf).orElse("?") + " (cluster " + c + "): " + run.message());
                n++;
            }
        }
        if (n == 0) {
            out.println("No run waits for approval.");
        }
        return 0;
    }

    /** The cluster whose reconciler records hold {@code runId}. */
    private static String clusterOf(TopoStore store, String runId) {
        return store.clusters().stream().filter(c -> new Approvals(store, c).run(runId).isPresent()).findFirst()
                .orElseThrow(() -> new UserException("no run " + runId + " in this etcd; `shardops approve` without arguments lists the runs waiting for approval"));
    }
}
