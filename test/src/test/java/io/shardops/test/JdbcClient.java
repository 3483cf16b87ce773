package io.shardops.test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A JDBC driver as an application sets it up: its URL with no properties but the ones a check names
 * (server-side prepare, batch rewriting), user {@code root} with no password (the suite's gateway has
 * {@code auth: static} with that user).
 */
enum JdbcClient {
    MYSQL_CONNECTOR_J("jdbc:mysql", false, 20_000, "useServerPrepStmts", "rewriteBatchedStatements"),
    HIKARI_MYSQL_CONNECTOR_J("jdbc:mysql", true, 30_000, "useServerPrepStmts", "rewriteBatchedStatements"),
    MARIADB_CONNECTOR_J("jdbc:mariadb", false, 40_000, "useServerPrepStmts", null);

    /** The URL scheme of the driver. */
    final String scheme;
    final boolean pooled;
    /** Customer ids this client's checks insert start here, so clients never meet each other's rows. */
    final long firstId;
    /** The driver's property for server-side prepared statements. */
    final String serverPrepare;
    /** The driver's property that turns a batch into multi-row statements; null when it has none (it batches by default). */
    final String batchRewrite;

    JdbcClient(String scheme, boolean pooled, long firstId, String serverPrepare, String batchRewrite) {
        this.scheme = scheme;
        this.pooled = pooled;
        this.firstId = firstId;
        this.serverPrepare = serverPrepare;
        this.batchRewrite = batchRewrite;
    }

    /** Opens connections; pooled ones come from one HikariCP pool per database and property set, closed by {@link #close}. */
    static final class Connections implements AutoCloseable {
        private final JdbcClient client;
        private final int port;
        private final Map<String, HikariDataSource> pools = new HashMap<>();

        Connections(JdbcClient client, int port) {
            this.client = client;
            this.port = port;
        }

        Connection open(String database, Map<String, String> properties) throws SQLException {
            String url = client.scheme + "://127.0.0.1:" + port + "/" + database;
            if (!client.pooled) {
                Properties p = new Properties();
                p.putAll(properties);
                p.put("user", "root");
                p.put("password", "");
                return DriverManager.getConnection(url, p);
            }
            HikariDataSource pool = pools.computeIfAbsent(database + properties, k -> {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(url);
                config.setUsername("root");
                config.setPassword("");
                config.setMaximumPoolSize(3);
                properties.forEach(config::addDataSourceProperty);
                return new HikariDataSource(config);
            });
            return pool.getConnection();
        }

        @Override
        public void close() {
            pools.values().forEach(HikariDataSource::close);
        }
    }
}
