package io.shardops.reconciler.apply.steps.tablets;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.tablet.HttpTabletManagerClient;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.topology.TabletRecord;

/** How the apply steps reach a tablet's manager; over HTTP in production, anything in tests. */
@FunctionalInterface
public interface TabletManagers {
    TabletManager of(TabletRecord tablet);

    /** Through the tablet's HTTP port, as the topology records it, with the cluster's control token. */
    static TabletManagers http(ClusterCredentials credentials) {
        BearerToken token = new BearerToken(credentials.controlToken());
        return t -> new HttpTabletManagerClient(t.hostname(), t.httpPort(), token);
    }
}
