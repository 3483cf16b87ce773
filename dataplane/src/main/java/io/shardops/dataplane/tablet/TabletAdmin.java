package io.shardops.dataplane.tablet;

import io.shardops.dataplane.mysqlctl.Mysqld;
import java.sql.Connection;
import java.sql.SQLException;

/** Work on the tablet's own MariaDB as its admin account, its failures reported with the tablet and its mysqld's state. */
final class TabletAdmin {
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final TabletIdentity identity;
    private final Mysqld mysqld;

    TabletAdmin(TabletIdentity identity, Mysqld mysqld) {
        this.identity = identity;
        this.mysqld = mysqld;
    }

    <T> T run(String what, SqlWork<T> work) {
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new TabletManagerException(what + " on tablet " + identity.describe() + " failed: " + e.getMessage()
                    + " (MariaDB error " + e.getErrorCode() + ", mysqld " + mysqld.health().summary() + ")", e);
        }
    }

    Connection connect() throws SQLException {
        return mysqld.connectAdmin(null);
    }
}
