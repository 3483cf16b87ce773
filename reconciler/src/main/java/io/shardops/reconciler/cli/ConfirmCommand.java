package io.shardops.reconciler.cli;

import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.schemachange.SchemaChangeSteps;
import io.shardops.reconciler.topo.TopologyWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code shardops confirm KEYSPACE.TABLE}: a cut-over online schema change stays; the next plan drops its old table. */
@Command(name = "confirm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Confirm a cut-over online schema change: the next plan drops its old table (drop-old-table, a destroy step) and stops its reverse stream.",
            "Nothing live changes now: until that step runs, `shardops revert` still swaps back.",
            "Exit status: 0 confirmed, 1 refused (no change of that table is cut over with its old table kept)."
        })
public final class ConfirmCommand implements Callable<Integer> {
    @Mixin
    SchemaChangeTarget target = new SchemaChangeTarget();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String[] name = target.table();
        return LiveTopology.withStore(target.live.access(), store -> {
            String c = target.live.clusterName(store);
            try {
                out.println(SchemaChangeSteps.confirm(name[0], name[1], new StepContext(c, "confirm", new TopologyWriter(store, c), List.of())));
                return 0;
            } catch (StepException e) {
                throw new UserException(e.getMessage());
            }
        });
    }
}
