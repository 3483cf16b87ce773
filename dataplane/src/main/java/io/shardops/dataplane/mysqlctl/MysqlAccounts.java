package io.shardops.dataplane.mysqlctl;

import io.shardops.dataplane.secret.Secrets;
import java.util.Objects;

/**
 * The passwords of the accounts every tablet's MariaDB has. One set per cluster, generated at
 * {@code shardops up} (see {@code ClusterCredentials}); nothing in the code or the template datadir
 * knows them. Each server gets them at start through an init file ({@link MysqlInitFile}).
 *
 * @param adminPassword {@link #ADMIN_USER}: tablet manager, replication and binlog streaming
 * @param appPassword   {@link #APP_USER}: the query service, limited to its keyspace's database
 */
public record MysqlAccounts(String adminPassword, String appPassword) {
    /** Tablet manager, replication and binlog streaming: every privilege, bypasses read_only. */
    public static final String ADMIN_USER = "shardops";

    /**
     * The query service's account: data and schema privileges on the tablet's own database only and not
     * READ_ONLY ADMIN, so {@code read_only=1} on a replica also stops writes that slip past the query rules.
     */
    public static final String APP_USER = "shardops_app";

    static final String APP_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, "
            + "CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, TRIGGER, REFERENCES, "
            + "CREATE ROUTINE, ALTER ROUTINE";

    public MysqlAccounts {
        Secrets.requireStrong("admin password", adminPassword);
        Secrets.requireStrong("app password", appPassword);
        if (Objects.equals(adminPassword, appPassword)) {
            throw new IllegalArgumentException("the admin and app accounts need different passwords");
        }
    }

    /** Fresh random passwords (tests, and {@code shardops up} through {@code ClusterCredentials.generate}). */
    public static MysqlAccounts generate() {
        return new MysqlAccounts(Secrets.randomPassword(), Secrets.randomPassword());
    }

    @Override
    public String toString() {
        return "MysqlAccounts[" + ADMIN_USER + ", " + APP_USER + "; passwords hidden]";
    }
}
