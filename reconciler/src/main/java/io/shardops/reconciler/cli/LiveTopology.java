package io.shardops.reconciler.cli;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.LocalConfig;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * How commands find and read the live topology: {@code --etcd} (which defaults to $SHARDOPS_ETCD),
 * else the etcd of the local cluster that {@code shardops up} recorded in its state dir
 * ({@code $SHARDOPS_HOME} or {@code ./.shardops}, file {@code local.json}).
 */
final class LiveTopology {
    private LiveTopology() {}

    /** The etcd endpoints to use, or a {@link UserException} saying how to give them. */
    static String endpoints(String option) {
        if (option != null && !option.isBlank()) {
            return option.trim();
        }
        StateDir dir = StateDir.resolve(null);
        try {
            Optional<LocalConfig> local = LocalConfig.read(dir);
            if (local.isPresent()) {
                return local.get().etcdEndpoint();
            }
        } catch (IOException | RuntimeException e) {
            throw new UserException("cannot read the local cluster's state " + dir.localJson() + ": " + e.getMessage()
                    + "; pass --etcd ENDPOINTS (or set SHARDOPS_ETCD)");
        }
        throw new UserException("no cluster to read the live topology from: pass --etcd ENDPOINTS (or set SHARDOPS_ETCD),"
                + " start a local cluster with `shardops up`, or plan against another spec with --from SPEC");
    }

    /**
     * --etcd, else the etcd of the local cluster in --state-dir when given, else null (then {@link #endpoints}
     * falls back to the default state dir).
     */
    static String etcdOrLocal(String etcd, Path stateDir) {
        if ((etcd != null && !etcd.isBlank()) || stateDir == null) {
            return etcd;
        }
        StateDir dir = StateDir.resolve(stateDir);
        try {
            return LocalConfig.read(dir).map(LocalConfig::etcdEndpoint)
                    .orElseThrow(() -> new UserException("no local cluster in " + dir.localJson() + "; start one with shardops up --state-dir " + stateDir));
        } catch (IOException e) {
            throw new UserException("cannot read the local cluster's state in " + dir.localJson() + ": " + e.getMessage());
        }
    }

    /**
     * The etcd and credentials a command uses: {@code --etcd} with {@code --credentials} (a file), else the
     * local cluster of {@code stateDir} (or the default state dir) with the credentials in its state dir.
     * {@code --etcd} naming the default local cluster's etcd uses that cluster's credentials.
     */
    static EtcdAccess access(String etcd, Path stateDir, CredentialsOption credentials) {
        String endpoints = endpoints(etcdOrLocal(etcd, stateDir));
        Optional<ClusterCredentials> given = credentials == null ? Optional.empty() : credentials.read();
        if (given.isPresent()) {
            return new EtcdAccess(endpoints, given);
        }
        StateDir dir = StateDir.resolve(stateDir);
        try {
            Optional<LocalConfig> local = LocalConfig.read(dir);
            // a cluster over several hosts keeps its members' list: the same list, or its first member given alone
            if (local.isPresent() && firstMember(local.get().etcdEndpoint()).equals(firstMember(endpoints))) {
                return new EtcdAccess(endpoints, Optional.of(LocalCluster.readCredentials(dir)));
            }
        } catch (IOException e) {
            throw new UserException("cannot read the local cluster's state in " + dir.localJson() + ": " + e.getMessage());
        } catch (LocalCluster.LocalClusterException e) {
            throw new UserException(e.getMessage());
        }
        return new EtcdAccess(endpoints, Optional.empty());
    }

    private static String firstMember(String endpoints) {
        return endpoints.split(",")[0].trim();
    }

    /** Runs {@code work} with a store on {@code endpoints}, without credentials; store errors become user errors. */
    static <T> T withStore(String endpoints, Function<EtcdTopoStore, T> work) {
        return withStore(new EtcdAccess(endpoints, Optional.empty()), work);
    }

    /** Runs {@code work} with a store of {@code access}; store errors become user errors. */
    static <T> T withStore(EtcdAccess access, Function<EtcdTopoStore, T> work) {
        try (EtcdTopoStore store = access.connect()) {
            return work.apply(store);
        } catch (TopoException e) {
            throw new UserException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserException("bad --etcd value: " + e.getMessage());
        }
    }

    /** One consistent read of the cluster's topology. */
    static Topology read(EtcdAccess access, String cluster) {
        return withStore(access, store -> new EtcdTopologySource(store).read(cluster));
    }
}
