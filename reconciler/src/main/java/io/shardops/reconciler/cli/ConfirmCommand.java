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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardops confirm KEYSPACE.TABLE}: a cut-over online schema change stays; the next plan drops its old table. */
@Command(name = "confirm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Confirm a cut-over online schema change: the next plan drops its old table (drop-old-table, a destroy step) and stops its reverse stream.",
            "Nothing live changes now: until that step runs, `shardops revert` still swaps back.",
            "Exit status: 0 confirmed, 1 refused (no change of that table is cut over with its old table kept)."
        })
public final class ConfirmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KEYSPACE.TABLE", description = "The table whose schema change to confirm, e.g. commerce.product.")
    String what;

    @Mixin
    EtcdOption etcd = new EtcdOption();

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    ClusterOption cluster = new ClusterOption();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String[] name = RevertCommand.table(what);
        EtcdAccess access = etcd.access(stateDir.dir);
        return LiveTopology.withStore(access, store -> {
            String c = cluster.given() != null ? cluster.given() : RevertCommand.onlyCluster(store.clusters());
            try {
                out.println(SchemaChangeSteps.confirm(name[0], name[1], new StepContext(c, "confirm", new TopologyWriter(store, c), List.of())));
                return 0;
            } catch (StepException e) {
                throw new UserException(e.getMessage());
            }
        });
    }
}
