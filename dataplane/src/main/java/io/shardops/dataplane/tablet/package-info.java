/**
 * The tablet: one MariaDB ({@link io.shardops.dataplane.mysqlctl.Mysqld}), a query service speaking the
 * MySQL protocol ({@link io.shardops.dataplane.tablet.query.QueryService}), and the tablet manager the
 * reconciler drives ({@link io.shardops.dataplane.tablet.TabletManager}: in process as
 * {@link io.shardops.dataplane.tablet.LocalTabletManager}, across processes over HTTP/JSON as
 * {@link io.shardops.dataplane.tablet.TabletManagerHttp} / {@link io.shardops.dataplane.tablet.HttpTabletManagerClient}).
 *
 * <p>{@link io.shardops.dataplane.tablet.Tablet#start} starts all three. Ports: the MariaDB port (given),
 * the query service port ({@code queryPort}, MySQL protocol, auth none, database = keyspace name) and the
 * manager's HTTP port ({@code httpPort}, {@code POST /tablet-manager/<call>}); 0 picks a free port.
 * What survives a restart lives in the tablet directory: the datadir, {@code serving-state.json}
 * (type, serving, denied tables) and, in MariaDB's {@code _shardops} database, the copy/catch-up streams.
 */
package io.shardops.dataplane.tablet;
