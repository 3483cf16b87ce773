package io.shardops.dataplane.mysqlctl;

/**
 * The accounts every tablet's MariaDB has, created once in the template datadir.
 *
 * <p>The servers listen on 127.0.0.1 only; the passwords keep a stray local client from
 * connecting by accident, they are not a security boundary.
 */
public final class MysqlAccounts {
    /** Tablet manager, replication and binlog streaming: every privilege, bypasses read_only. */
    public static final String ADMIN_USER = "shardops";
    public static final String ADMIN_PASSWORD = "shardops";

    /**
     * The query service's account: data and schema privileges but not READ_ONLY ADMIN,
     * so {@code read_only=1} on a replica also stops writes that slip past the query rules.
     */
    public static final String APP_USER = "shardops_app";
    public static final String APP_PASSWORD = "shardops_app";

    static final String APP_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, "
            + "CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, CREATE VIEW, SHOW VIEW, TRIGGER, REFERENCES, "
            + "CREATE ROUTINE, ALTER ROUTINE, SHOW DATABASES, PROCESS";

    private MysqlAccounts() {}
}
