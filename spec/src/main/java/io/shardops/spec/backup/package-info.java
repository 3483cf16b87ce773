/**
 * The backup policy a spec declares: per cluster, with per-keyspace overrides ({@link
 * io.shardops.spec.backup.BackupPolicies}); where backups go, with which credentials, how often
 * ({@link io.shardops.spec.backup.BackupSchedule}: an interval or a cron expression), how many are kept and from
 * which tablet type.
 */
package io.shardops.spec.backup;
