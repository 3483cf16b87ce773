package io.shardops.dataplane.tablet.copy;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a JDBC connection to a tablet's MariaDB (the admin account: streams need REPLICATION and every table). */
@FunctionalInterface
public interface ConnectionFactory {
    Connection open() throws SQLException;
}
