package io.shardops.reconciler.cli;

import io.shardops.reconciler.local.LocalCluster;
import io.shardops.reconciler.provision.local.LocalProvisioner;
import io.shardops.spec.Cluster;
import java.io.PrintWriter;

/** {@code up SPEC}'s second half: plan against the live topology and apply with the local provisioner. */
final class LocalApply {
    private LocalApply() {}

    static void run(Cluster cluster, LocalCluster local, LocalProvisioner provisioner, boolean autoApprove, PrintWriter out) {
        throw new UserException("applying a spec to the local cluster is not built yet (the apply executor is missing)");
    }
}
