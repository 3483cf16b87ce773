package io.shardops.reconciler.host.local;

import io.shardops.reconciler.provision.Endpoint;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.spec.TabletType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code tablets/<alias>/tablet.json}: one tablet of this machine, enough to start it again after a restart.
 *
 * @param poolType     the pool it was started for, {@code REPLICA} or {@code RDONLY}; counts against the spec's numbers
 * @param type         its type now; a replica elected primary is {@code PRIMARY}, and comes back as primary
 * @param mysqlPort    its mysqld's port
 * @param queryPort    its query service's MySQL-protocol port (what the gateway connects to)
 * @param managerPort  its tablet manager's HTTP port
 * @param running      whether the node should run it; false once stopped as surplus or removed (its data stays)
 */
public record TabletConfig(String alias, String keyspace, String shard, String cell, int uid, TabletType poolType,
                           TabletType type, int mysqlPort, int queryPort, int managerPort, boolean running) {
    public static final String FILE = "tablet.json";

    public TabletConfig withType(TabletType t) {
        return new TabletConfig(alias, keyspace, shard, cell, uid, poolType, t, mysqlPort, queryPort, managerPort, running);
    }

    public TabletConfig withRunning(boolean r) {
        return new TabletConfig(alias, keyspace, shard, cell, uid, poolType, type, mysqlPort, queryPort, managerPort, r);
    }

    public TabletConfig withPorts(int mysql, int query, int manager) {
        return new TabletConfig(alias, keyspace, shard, cell, uid, poolType, type, mysql, query, manager, running);
    }

    public boolean belongsTo(String ks, String sh, String c) {
        return keyspace.equals(ks) && shard.equals(sh) && cell.equals(c);
    }

    /** @param host the address of the node that runs it */
    public ProvisionedTablet provisioned(String host) {
        return new ProvisionedTablet(alias, cell, keyspace, shard, poolType,
                new Endpoint(host, mysqlPort),
                new Endpoint(host, managerPort));
    }

    public static Optional<TabletConfig> read(Path tabletDir) throws IOException {
        return JsonFiles.read(tabletDir.resolve(FILE), TabletConfig.class);
    }

    public void write(Path tabletDir) throws IOException {
        JsonFiles.write(tabletDir.resolve(FILE), this);
    }
}
