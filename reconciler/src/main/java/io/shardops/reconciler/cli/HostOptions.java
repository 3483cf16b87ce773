package io.shardops.reconciler.cli;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysqlctl.MysqldNetwork;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.LocalConfig;
import io.shardops.reconciler.host.local.StateDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code up}'s options for one host of a cluster over several hosts (docs/multi-host.md). */
final class HostOptions {
    private HostOptions() {}

    /** Puts the cluster's credentials into a new state dir; a state dir with other credentials is refused. */
    static void adoptCredentials(StateDir dir, Path file) throws IOException {
        if (file == null) {
            return;
        }
        ClusterCredentials given;
        try {
            given = ClusterCredentials.require(file);
        } catch (IOException | RuntimeException e) {
            throw new UserException("cannot use --cluster-credentials: " + e.getMessage());
        }
        Optional<ClusterCredentials> held = ClusterCredentials.read(dir.credentialsFile());
        if (held.isPresent() && !held.get().equals(given)) {
            throw new UserException(dir + " holds other credentials than " + file + "; a host joins a cluster with a new state dir"
                    + " (or shardops down --purge first)", 2);
        }
        if (held.isEmpty()) {
            given.write(dir.credentialsFile());
        }
    }

    /** Records this host's address, etcd and roles in the state dir; an option not given keeps what was recorded. */
    /** {@code --lost-after}: kept in the state dir for the node's failover monitor; null leaves what is kept. */
    static void lostAfter(LocalCluster local, Integer seconds) throws IOException {
        if (seconds == null) {
            return;
        }
        if (seconds < 10 || seconds > 86_400) {
            throw new UserException("--lost-after is between 10 and 86400 seconds, got " + seconds);
        }
        local.keepLostAfter(seconds);
    }

    static void place(LocalCluster local, String hostAddress, String etcdEndpoints, String nodeRuns) throws IOException {
        if (hostAddress == null && etcdEndpoints == null && nodeRuns == null) {
            return;
        }
        LocalConfig c = local.config();
        String address = hostAddress != null ? hostAddress : c.hostAddress();
        if (address != null && !address.equals(LocalConfig.LOOPBACK)) {
            try {
                if (MysqldNetwork.forHost(address).loopbackOnly()) {
                    throw new IllegalArgumentException("--host-address must be this host's IPv4 address (not a name, 0.0.0.0 or"
                            + " loopback), got '" + address + "'");
                }
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        String runs = nodeRuns != null ? nodeRuns : c.nodeRuns();
        if (runs != null) {
            List<String> words = Arrays.stream(runs.split(",")).map(String::trim).toList();
            if (words.isEmpty() || !words.stream().allMatch(w -> w.equals(LocalConfig.TABLETS) || w.equals(LocalConfig.GATEWAYS))) {
                throw new UserException("--node-runs takes tablets, gateways or tablets,gateways; got '" + runs + "'");
            }
        }
        String etcd = etcdEndpoints != null ? (etcdEndpoints.isBlank() ? null : etcdEndpoints) : c.etcdEndpoints();
        local.placeOnHost(address, etcd, runs);
    }
}
