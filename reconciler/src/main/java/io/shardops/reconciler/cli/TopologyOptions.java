package io.shardops.reconciler.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --cluster NAME}, {@code --topo ENDPOINTS} (alias {@code --etcd}) and {@code --credentials FILE}: the
 * topology a data-plane process (tablet, gateway) registers in or routes by. Required, unlike {@link EtcdOption}:
 * a pod has no local cluster to fall back to.
 */
final class TopologyOptions {
    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = ClusterOption.NAME + ".")
    String cluster;

    @Option(names = {"--topo", "--etcd"}, required = true, paramLabel = "ENDPOINTS", description = EtcdOption.ENDPOINTS + ".")
    String endpoints;

    @Mixin
    CredentialsOption credentials = new CredentialsOption();
}
