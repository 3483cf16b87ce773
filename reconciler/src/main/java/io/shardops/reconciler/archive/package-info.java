/**
 * The binlog archive where the tablets run: {@link io.shardops.reconciler.archive.ArchiveSupervisor} keeps one
 * {@link io.shardops.dataplane.archive.BinlogArchiver} per shard whose primary this node hosts, pointed at the
 * current primary; {@link io.shardops.reconciler.archive.ArchiveLocations} says where each keyspace's archive goes
 * (the location of its backups). A Kubernetes pod running the tablets would run the same supervisor.
 */
package io.shardops.reconciler.archive;
