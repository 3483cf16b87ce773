package io.shardops.reconciler.cli;

import io.shardops.reconciler.host.local.NodeDaemon;
import io.shardops.reconciler.host.local.StateDir;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code shardops node}: the local node daemon; started by {@code shardops up}, not by people. */
@Command(name = "node", hidden = true, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the local node daemon: the tablets and gateways of the local cluster. Started by shardops up, not by hand.")
public final class NodeCommand implements Callable<Integer> {
    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Override
    public Integer call() throws Exception {
        StateDir dir = stateDir.resolve();
        NodeDaemon node = NodeDaemon.start(dir, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shardops-node-stop"));
        node.awaitClose();
        return 0;
    }
}
