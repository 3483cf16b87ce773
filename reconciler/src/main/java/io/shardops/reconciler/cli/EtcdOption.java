package io.shardops.reconciler.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --etcd ENDPOINTS} (alias {@code --topo}) and the {@code --credentials FILE} that goes with an etcd
 * of someone else's: where plan, apply, approve and watch find the cluster. Without {@code --etcd} they use
 * the local cluster of {@code shardops up}, with the credentials in its state dir.
 */
final class EtcdOption {
    /** The option's help up to its default; {@link TopologyOptions} says the same for the data-plane processes. */
    static final String ENDPOINTS = "The cluster's etcd endpoints, comma-separated";

    @Option(names = {"--etcd", "--topo"}, paramLabel = "ENDPOINTS", defaultValue = "${env:SHARDOPS_ETCD}",
            description = ENDPOINTS + " (default: $SHARDOPS_ETCD, else the etcd of the local cluster of `shardops up` in --state-dir).")
    String endpoints;

    @Mixin
    CredentialsOption credentials = new CredentialsOption();

    /** Whether an etcd was named (the option or $SHARDOPS_ETCD), rather than left to the local cluster. */
    boolean given() {
        return endpoints != null && !endpoints.isBlank();
    }

    /** The etcd and credentials to use: --etcd, else the local cluster of {@code stateDir} (null: the default state dir). */
    EtcdAccess access(Path stateDir) {
        return LiveTopology.access(endpoints, stateDir, credentials);
    }
}
