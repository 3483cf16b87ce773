package io.shardops.reconciler.cli;

import io.shardops.dataplane.process.PidFile;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shardops down}: stops every process of the local cluster, by PID. */
@Command(name = "down", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Stop the local cluster: the node (its tablets and gateways), any leftover mysqld, then etcd.")
public final class DownCommand implements Callable<Integer> {
    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Option(names = "--purge", description = "Also delete the state dir: every tablet's data, etcd's data, the logs.")
    boolean purge;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StateDir dir = stateDir.resolve();
        var out = spec.commandLine().getOut();
        if (!Files.isDirectory(dir.root())) {
            out.println("No local cluster in " + dir + "; nothing to stop.");
            return 0;
        }
        long t0 = System.nanoTime();
        List<LocalCluster.Stopped> stopped = LocalCluster.down(dir);
        if (stopped.isEmpty()) {
            out.println("Nothing was running in " + dir + ".");
        }
        stopped.forEach(s -> out.println(s));
        boolean stuck = stopped.stream().anyMatch(s -> s.result() == PidFile.StopResult.STILL_RUNNING);
        if (stuck) {
            throw new UserException("some processes did not stop (see above); stop them by hand, then run shardops down again");
        }
        if (purge) {
            LocalCluster.purge(dir);
            out.println("Deleted " + dir + ".");
        }
        out.printf("Down in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
