/**
 * A local etcd for {@code shardops up} and for tests: Debian's {@code /usr/bin/etcd} (3.4) as a
 * child process on 127.0.0.1, with its own data dir and free client and peer ports.
 */
package io.shardops.reconciler.topo.etcd;
