package io.shardops.dataplane.mysqlctl;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A MariaDB server someone else runs (the mysqld sidecar of a Kubernetes tablet pod): the tablet
 * connects to it, but never starts or stops it.
 *
 * @param host      where it listens; the tablet's own connections use this host
 * @param port      its TCP port
 * @param user      an account with every privilege (root from inside the pod), used once to prepare the server
 * @param password  that account's password; empty for none
 * @param accounts  the cluster's passwords (the Kubernetes Secret), given to the accounts the tablet creates
 * @param dataDir   where this process can read the server's datadir (its data volume mounted into the tablet's
 *                  container), for {@code mariadb-backup}; null when it cannot, and then the tablet takes no backups
 */
public record ExternalMysqld(String host, int port, String user, String password, MysqlAccounts accounts, Path dataDir) {

    public ExternalMysqld(String host, int port, String user, String password, MysqlAccounts accounts) {
        this(host, port, user, password, accounts, null);
    }
    /**
     * Hosts the tablet's accounts are created for: the tablet itself over loopback, and any host, because
     * replicas and copy streams of other pods log in as the admin account to replicate and read binlogs.
     * The passwords are the cluster's random ones, so {@code %} carries no known password.
     */
    static final List<String> ACCOUNT_HOSTS = List.of("127.0.0.1", "localhost", "%");

    public ExternalMysqld {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("mysqld port must be 1..65535, got " + port);
        }
        password = password == null ? "" : password;
        Objects.requireNonNull(accounts, "the cluster's MySQL accounts");
        dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
    }

    @Override
    public String toString() {
        return "ExternalMysqld[" + user + "@" + host + ":" + port + "]";
    }

    String jdbcUrl() {
        return "jdbc:mysql://" + host + ":" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true"
                + "&connectTimeout=2000&serverTimezone=UTC";
    }

    Connection connectPrivileged() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    /**
     * Makes the server what a tablet expects of the mysqld it starts itself: the {@link MysqlAccounts}
     * (created when missing), and every setting of {@link MysqldConfig#serverArgs} that can change at
     * runtime. Settings only a restart changes (binary log, log_slave_updates) are checked instead.
     *
     * @return what could not be made so, one line each (empty when nothing)
     */
    List<String> prepare(int serverId, String appDatabase) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection c = connectPrivileged(); Statement st = c.createStatement()) {
            // each server gets its accounts locally: binlogged, they would be GTIDs of this server that a
            // replica has and its primary lacks, which gtid_strict_mode refuses when it replicates
            st.execute("SET SESSION sql_log_bin = 0");
            for (String statement : MysqlInitFile.accounts(accounts, appDatabase, ACCOUNT_HOSTS)) {
                st.execute(statement);
            }
            // the same values MysqldConfig passes on the command line; read_only until made primary
            for (String set : List.of(
                    "SET GLOBAL server_id = " + serverId,
                    "SET GLOBAL read_only = ON",
                    "SET GLOBAL binlog_format = 'ROW'",
                    "SET GLOBAL binlog_row_image = 'FULL'",
                    "SET GLOBAL gtid_domain_id = 0",
                    "SET GLOBAL gtid_strict_mode = ON",
                    "SET GLOBAL character_set_server = 'utf8mb4'",
                    "SET GLOBAL collation_server = 'utf8mb4_general_ci'",
                    "SET GLOBAL max_allowed_packet = 67108864",
                    "SET GLOBAL max_connections = 500")) {
                st.execute(set);
            }
            try (ResultSet rs = st.executeQuery("SELECT @@log_bin, @@log_slave_updates")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    problems.add("mysqld at " + host + ":" + port + " writes no binary log (start it with --log-bin): replicas cannot follow it");
                }
                if (!rs.getBoolean(2)) {
                    problems.add("mysqld at " + host + ":" + port + " runs without --log-slave-updates: as a replica its binlog misses replicated writes");
                }
            }
        }
        return problems;
    }
}
