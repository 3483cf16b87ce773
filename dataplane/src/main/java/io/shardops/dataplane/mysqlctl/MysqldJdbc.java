package io.shardops.dataplane.mysqlctl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * JDBC to one MariaDB server, as its admin or its app account, and the probes that tell whether it is
 * ready and answering.
 */
final class MysqldJdbc {
    private static final int ER_ACCESS_DENIED = 1045;
    /** The template has no account for 127.0.0.1 at all: a login is refused with this before any password check. */
    private static final int ER_HOST_NOT_PRIVILEGED = 1130;

    private final String host;
    private final int port;
    /** The cluster's passwords; null only while building the template, which has no accounts but root. */
    private final MysqlAccounts accounts;

    MysqldJdbc(String host, int port, MysqlAccounts accounts) {
        this.host = host;
        this.port = port;
        this.accounts = accounts;
    }

    /** JDBC URL for {@code user}, default schema {@code database} (null: none). */
    String url(String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + (database == null ? "" : database)
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&useUnicode=true&characterEncoding=UTF-8"
                + "&connectTimeout=5000&socketTimeout=0&tcpKeepAlive=true&serverTimezone=UTC";
    }

    Connection admin(String database, int timeoutSeconds) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", MysqlAccounts.ADMIN_USER);
        props.setProperty("password", accounts == null ? "" : accounts.adminPassword());
        props.setProperty("connectTimeout", String.valueOf(timeoutSeconds * 1000));
        return DriverManager.getConnection(url(database), props);
    }

    Connection app(String database) throws SQLException {
        return DriverManager.getConnection(url(database), MysqlAccounts.APP_USER, accounts.appPassword());
    }

    /** Ready once the server answers a login, even with a refusal (the template has no account but root). */
    boolean answersLogin() {
        try (Connection c = admin(null, 1)) {
            return true;
        } catch (SQLException e) {
            return e.getErrorCode() == ER_ACCESS_DENIED || e.getErrorCode() == ER_HOST_NOT_PRIVILEGED;
        }
    }

    /** The server's health given it runs as {@code pid} (0: not ours, unknown): running when it answers a query. */
    MysqldHealth probe(long pid) {
        try (Connection conn = admin(null, 2); Statement st = conn.createStatement()) {
            st.execute("SELECT 1");
            return new MysqldHealth.Running(pid);
        } catch (SQLException e) {
            return new MysqldHealth.Unreachable(pid, e.getMessage());
        }
    }
}
