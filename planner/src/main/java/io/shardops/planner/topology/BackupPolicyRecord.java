package io.shardops.planner.topology;

import io.shardops.spec.backup.BackupCredentials;
import io.shardops.spec.backup.BackupPolicy;
import io.shardops.spec.backup.BackupSchedule;
import java.util.Optional;

/**
 * The backup policy a keyspace's record holds once a {@code set-backup-policy} step ran: the spec's
 * {@code spec.backup} with the keyspace's {@code keyspaces[].backup} over it, resolved to plain values so a plan
 * compares, shows and carries it without the spec. A keyspace whose record holds none backs up on demand into
 * the default location.
 *
 * @param location          an absolute directory or {@code s3://bucket/prefix}; empty for the default location
 *                          ({@code <state dir>/backups} on a local cluster)
 * @param credentialsFile   the location's credentials file; empty for none
 * @param credentialsSecret the Kubernetes Secret holding them; empty for none
 * @param schedule          the spec's schedule text ({@code 6h}, {@code 0 3 * * *}); empty for on demand
 * @param keep              how many backups per shard pruning keeps
 * @param from              {@code rdonly} or {@code replica}
 */
public record BackupPolicyRecord(String location, String credentialsFile, String credentialsSecret, String schedule, int keep,
                                 String from) {
    public BackupPolicyRecord {
        location = location == null ? "" : location;
        credentialsFile = credentialsFile == null ? "" : credentialsFile;
        credentialsSecret = credentialsSecret == null ? "" : credentialsSecret;
        schedule = schedule == null ? "" : schedule;
    }

    /** The policy in force for {@code keyspace} in a spec, resolved; empty when the spec declares none for it. */
    public static Optional<BackupPolicyRecord> of(Optional<BackupPolicy> policy) {
        return policy.map(p -> {
            BackupCredentials c = p.credentialsOrNone();
            return new BackupPolicyRecord(p.location(),
                    c instanceof BackupCredentials.File f ? f.path() : "",
                    c instanceof BackupCredentials.KubernetesSecret s ? s.name() : "",
                    p.schedule() == null ? "" : scheduleText(p.schedule()),
                    p.keepOrDefault(), p.fromOrDefault().word());
        });
    }

    private static String scheduleText(BackupSchedule s) {
        return switch (s) {
            case BackupSchedule.Every e -> e.text();
            case BackupSchedule.Cron c -> c.expression().text();
        };
    }

    /** One line for plans: {@code every 6h, keep 7, from rdonly -> s3://bucket/prefix}. */
    public String describe() {
        String when = schedule.isEmpty() ? "on demand"
                : BackupSchedule.INTERVAL.matcher(schedule).matches() ? "every " + schedule : "cron '" + schedule + "' (UTC)";
        String creds = !credentialsFile.isEmpty() ? " (credentials from file " + credentialsFile + ")"
                : !credentialsSecret.isEmpty() ? " (credentials from Secret " + credentialsSecret + ")" : "";
        return when + ", keep " + keep + ", from " + from + " -> " + (location.isEmpty() ? "the default location" : location) + creds;
    }

    /** What a keyspace without a recorded policy does, for plans: on demand into the default location. */
    public static String describeNone() {
        return "none (on demand, keep " + BackupPolicy.DEFAULT_KEEP + ", from rdonly -> the default location)";
    }

    public static String describe(BackupPolicyRecord policy) {
        return policy == null ? describeNone() : policy.describe();
    }
}
