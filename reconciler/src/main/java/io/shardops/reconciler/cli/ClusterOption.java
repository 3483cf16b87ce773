package io.shardops.reconciler.cli;

import picocli.CommandLine.Option;

/** {@code --cluster NAME} for commands that can tell the cluster themselves (approve, watch) but let a user name it. */
final class ClusterOption {
    /** The option's help up to its default; {@link TopologyOptions} says the same where it is required. */
    static final String NAME = "The cluster's name: its keys in etcd are under /shardops/NAME";

    @Option(names = "--cluster", paramLabel = "NAME",
            description = NAME + " (default: the cluster the run or the spec at hand names).")
    String name;

    /** The name given, trimmed, or null. */
    String given() {
        return name == null || name.isBlank() ? null : name.trim();
    }
}
