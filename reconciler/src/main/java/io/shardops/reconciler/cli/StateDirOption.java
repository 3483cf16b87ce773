package io.shardops.reconciler.cli;

import io.shardops.reconciler.host.local.StateDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state-dir DIR}: the local cluster of {@code shardops up}; one state dir is one cluster. */
final class StateDirOption {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The state dir of the local cluster of `shardops up` (default: $SHARDOPS_HOME, else ./.shardops).")
    Path dir;

    /** The folder the option names, else $SHARDOPS_HOME, else ./.shardops. */
    StateDir resolve() {
        return StateDir.resolve(dir);
    }
}
