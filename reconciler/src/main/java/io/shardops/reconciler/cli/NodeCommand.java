package io.shardops.reconciler.cli;

import io.shardops.reconciler.local.NodeDaemon;
import io.shardops.reconciler.local.StateDir;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shardops node}: the local node daemon; started by {@code shardops up}, not by people. */
@Command(name = "node", hidden = true, description = "Run the local node daemon (started by shardops up).")
public final class NodeCommand implements Callable<Integer> {
    @Option(names = "--state-dir", description = "The local cluster's state dir (default: $SHARDOPS_HOME or ./.shardops).")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        StateDir dir = StateDir.resolve(stateDir);
        NodeDaemon node = NodeDaemon.start(dir, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shardops-node-stop"));
        node.awaitClose();
        return 0;
    }
}
