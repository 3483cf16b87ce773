package io.shardops.reconciler.provision;

import io.shardops.spec.Gateway;
import io.shardops.spec.TabletCounts;
import java.util.List;

/**
 * Creates and removes the running parts of one cluster: its topology server, the gateways of
 * each cell and the tablets (each with its mysqld) of each shard. One instance serves one
 * cluster; see the package documentation for the contract every implementation keeps.
 */
public interface Provisioner {

    /** Makes the topology server (etcd) run, or checks the configured external one; returns its client URLs. */
    Provisioned<List<String>> ensureTopologyServer();

    /** Makes exactly {@code gateway.replicas()} gateways of {@code cell} run; returns where clients connect. */
    Provisioned<List<Endpoint>> ensureGateways(String cell, Gateway gateway);

    /** Stops every gateway of {@code cell}. */
    Provisioned<Void> removeGateways(String cell);

    /**
     * Makes exactly {@code counts.replica()} replica-type and {@code counts.rdonly()} rdonly-type
     * tablets of a shard run in {@code cell}, each with its own mysqld and data volume.
     * Surplus tablets stop; their data stays. Returns every tablet that should now run.
     */
    Provisioned<List<ProvisionedTablet>> ensureTablets(String keyspace, String shard, String cell, TabletCounts counts);

    /**
     * Replaces lost tablet {@code alias} of a shard in {@code cell} by a new tablet of the same pool (a new alias),
     * started not serving with empty data; the lost tablet stops and its data is kept aside, never deleted
     * (docs/replace.md). Asked again for the same alias, returns the same replacement. Returns the replacement, or
     * nothing when there is nothing to replace (the tablet was stopped, or is gone).
     */
    default Provisioned<List<ProvisionedTablet>> rebuildTablet(String keyspace, String shard, String cell, String alias) {
        throw new IllegalStateException("this provisioner cannot replace tablet " + alias + " of " + keyspace + "/" + shard
                + " yet (docs/replace.md, Limits): lower the shard's tablet count, apply, raise it again and apply");
    }

    /** Stops every tablet of a shard in {@code cell}; their data stays (see {@link #removeShardVolumes}). */
    Provisioned<Void> removeTablets(String keyspace, String shard, String cell);

    /** Deletes the data of every tablet a shard had in {@code cell}. Only a {@code destroy} step calls this. */
    Provisioned<Void> removeShardVolumes(String keyspace, String shard, String cell);
}
