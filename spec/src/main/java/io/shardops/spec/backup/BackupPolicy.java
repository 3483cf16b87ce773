package io.shardops.spec.backup;

/**
 * A backup policy as written at one level (the cluster, or a keyspace overriding it); a null field is not set at
 * that level. {@link #overriddenBy} merges a keyspace's fields over the cluster's.
 *
 * @param location    an absolute directory, or {@code s3://bucket/prefix}
 * @param credentials where the location's credentials come from; never the credentials themselves
 * @param schedule    how often a backup is due
 * @param keep        how many backups per shard pruning keeps
 * @param from        the tablet type backups are taken on
 */
public record BackupPolicy(String location, BackupCredentials credentials, BackupSchedule schedule, Integer keep,
                           BackupFrom from) {
    public static final int DEFAULT_KEEP = 7;

    /** {@code override}'s fields where it sets them, this policy's elsewhere. */
    public BackupPolicy overriddenBy(BackupPolicy override) {
        return new BackupPolicy(
                override.location != null ? override.location : location,
                override.credentials != null ? override.credentials : credentials,
                override.schedule != null ? override.schedule : schedule,
                override.keep != null ? override.keep : keep,
                override.from != null ? override.from : from);
    }

    public int keepOrDefault() {
        return keep == null ? DEFAULT_KEEP : keep;
    }

    public BackupFrom fromOrDefault() {
        return from == null ? BackupFrom.RDONLY : from;
    }

    /** The credentials or {@link BackupCredentials.None}. */
    public BackupCredentials credentialsOrNone() {
        return credentials == null ? new BackupCredentials.None() : credentials;
    }

    /** One line for plans and status: {@code s3://b/p every 6h, keep 7, from rdonly}. */
    public String describe() {
        return (location == null ? "(default location)" : location)
                + (schedule == null ? ", on demand" : ", " + schedule.describe())
                + ", keep " + keepOrDefault() + ", from " + fromOrDefault().word()
                + switch (credentialsOrNone()) {
                    case BackupCredentials.None n -> "";
                    case BackupCredentials.File f -> ", credentials from file " + f.path();
                    case BackupCredentials.KubernetesSecret s -> ", credentials from Secret " + s.name();
                };
    }
}
