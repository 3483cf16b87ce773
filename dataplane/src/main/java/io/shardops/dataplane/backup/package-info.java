/**
 * Backups of a shard: where they are stored ({@link io.shardops.dataplane.backup.BackupLocation}, with
 * {@link io.shardops.dataplane.backup.LocalDirectoryLocation} for a directory), what one is
 * ({@link io.shardops.dataplane.backup.BackupManifest}, written last: a backup without its manifest does not
 * exist) and how they are laid out and found ({@link io.shardops.dataplane.backup.BackupNames},
 * {@link io.shardops.dataplane.backup.BackupCatalog}).
 *
 * <p>The tablet side streams a backup into a location, so this package sits in the data plane; the reconciler
 * only chooses the tablet, the location and when.
 */
package io.shardops.dataplane.backup;
