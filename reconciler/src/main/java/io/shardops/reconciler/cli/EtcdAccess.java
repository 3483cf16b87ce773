package io.shardops.reconciler.cli;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.topo.EtcdCredentials;
import io.shardops.reconciler.topo.EtcdTopoStore;
import java.util.Optional;

/**
 * Where a command reads and writes the topology, and the cluster's credentials when it has them (etcd
 * without auth, as in tests against a bare etcd, needs none).
 */
record EtcdAccess(String endpoints, Optional<ClusterCredentials> credentials) {
    EtcdTopoStore connect() {
        return EtcdTopoStore.connect(endpoints, credentials.map(EtcdCredentials::of));
    }

    /**
     * The tablets' managers, which take the cluster's credentials only. Without credentials a
     * plan of topology steps still runs; a step that reaches a tablet fails saying what to pass.
     */
    TabletManagers tabletManagers() {
        if (credentials.isPresent()) {
            return TabletManagers.http(credentials.get());
        }
        String missing = "the tablets of the cluster at " + endpoints + " need the cluster's credentials: pass --credentials FILE"
                + " (or set SHARDOPS_CREDENTIALS), or run against the local cluster's state dir";
        return tablet -> {
            throw new UserException(missing);
        };
    }
}
