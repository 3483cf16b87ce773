/**
 * Backups seen from the reconciler: which tablet of a shard a backup is taken on ({@link
 * io.shardops.reconciler.backup.BackupSourceChoice}), taking one with progress lines and pruning
 * ({@link io.shardops.reconciler.backup.ShardBackups}), and seeding a new tablet from the latest backup.
 * The tablet side (mariadb-backup, the stream, the manifest) is {@code io.shardops.dataplane.backup}.
 */
package io.shardops.reconciler.backup;
