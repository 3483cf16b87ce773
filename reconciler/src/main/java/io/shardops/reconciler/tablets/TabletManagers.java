package io.shardops.reconciler.tablets;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.tablet.HttpTabletManagerClient;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.topology.TabletRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** How the apply steps reach a tablet: its manager (over HTTP in production) and its MariaDB. */
public interface TabletManagers {
    TabletManager of(TabletRecord tablet);

    /** A connection to the tablet's MariaDB as the cluster's admin account (data moves compare and copy rows). */
    Connection mysql(TabletRecord tablet) throws SQLException;

    /** Through the tablet's HTTP port, as the topology records it, with the cluster's credentials. */
    static TabletManagers http(ClusterCredentials credentials) {
        BearerToken token = new BearerToken(credentials.controlToken());
        MysqlAccounts accounts = credentials.mysqlAccounts();
        return new TabletManagers() {
            @Override
            public TabletManager of(TabletRecord t) {
                return new HttpTabletManagerClient(t.hostname(), t.httpPort(), token);
            }

            @Override
            public Connection mysql(TabletRecord t) throws SQLException {
                return DriverManager.getConnection("jdbc:mysql://" + t.hostname() + ":" + t.mysqlPort()
                        + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&serverTimezone=UTC",
                        MysqlAccounts.ADMIN_USER, accounts.adminPassword());
            }
        };
    }
}
