/**
 * Each tablet's MariaDB server.
 *
 * <p>{@link io.shardops.dataplane.mysqlctl.TemplateDataDir} makes a datadir once per machine, user and
 * MariaDB version ({@code ~/.cache/shardops/mariadb-template-<version>-v1}, or {@code $SHARDOPS_CACHE_DIR})
 * with {@code mariadb-install-db} and the {@link io.shardops.dataplane.mysqlctl.MysqlAccounts}; a
 * {@link io.shardops.dataplane.mysqlctl.Mysqld} copies it into {@code <tabletDir>/data} on first start and
 * runs {@code mariadbd --no-defaults} on 127.0.0.1 with server id = tablet uid, ROW binlog with full images,
 * GTID strict mode and {@code log_slave_updates}, small memory, read-only until made primary
 * ({@link io.shardops.dataplane.mysqlctl.MysqldConfig#serverArgs}). Started, health-checked (JDBC) and
 * stopped by PID through {@link io.shardops.dataplane.process.ChildProcess}; a server that dies is reported
 * as {@link io.shardops.dataplane.mysqlctl.MysqldHealth.Crashed} with its exit code and error-log tail.
 */
package io.shardops.dataplane.mysqlctl;
