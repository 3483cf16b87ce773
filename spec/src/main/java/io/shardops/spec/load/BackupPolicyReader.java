package io.shardops.spec.load;

import static io.shardops.spec.load.ValidNodes.integer;
import static io.shardops.spec.load.ValidNodes.loc;
import static io.shardops.spec.load.ValidNodes.optMap;
import static io.shardops.spec.load.ValidNodes.str;

import io.shardops.spec.Problem;
import io.shardops.spec.backup.BackupCredentials;
import io.shardops.spec.backup.BackupFrom;
import io.shardops.spec.backup.BackupPolicy;
import io.shardops.spec.backup.BackupSchedule;
import io.shardops.spec.yaml.YamlNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code backup:} block (the cluster's or a keyspace's): its shape is the schema's; here the location's form and
 * the schedule are checked, each problem at its position. Problems go to the list the model builder reports.
 */
final class BackupPolicyReader {
    /** S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens; the prefix is object-name characters. */
    private static final Pattern S3 = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9._/-]*)?");
    private final List<Problem> problems;

    BackupPolicyReader(List<Problem> problems) {
        this.problems = problems;
    }

    Optional<BackupPolicy> read(Optional<YamlNode.Mapping> node) {
        if (node.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Mapping b = node.get();
        String location = str(b, "location", null);
        if (location != null && !location.startsWith("/") && !S3.matcher(location).matches()) {
            problems.add(Problem.at(loc(b, "location"), "backup.location",
                    "backup location '" + location + "' is neither an absolute directory nor s3://bucket/prefix",
                    "write an absolute path such as /var/backups/shardops, or s3://my-bucket/shardops"));
            location = null;
        }
        if (location != null && location.startsWith("/") && (location.contains("/../") || location.endsWith("/.."))) {
            problems.add(Problem.at(loc(b, "location"), "backup.location", "backup location '" + location + "' contains '..'",
                    "write the directory without '..'"));
            location = null;
        }
        BackupSchedule schedule = null;
        String scheduleText = str(b, "schedule", null);
        if (scheduleText != null) {
            BackupSchedule.Parsed parsed = BackupSchedule.parse(scheduleText);
            if (parsed.schedule().isEmpty()) {
                problems.add(Problem.at(loc(b, "schedule"), "backup.schedule", parsed.error(),
                        "write an interval (30m, 6h, 1d) or five cron fields in UTC, e.g. \"0 3 * * *\""));
            }
            schedule = parsed.schedule().orElse(null);
        }
        BackupCredentials credentials = optMap(b, "credentials").map(c -> {
            String file = str(c, "file", null);
            return file != null ? (BackupCredentials) new BackupCredentials.File(file) : new BackupCredentials.KubernetesSecret(str(c, "secret", ""));
        }).orElse(null);
        if (credentials instanceof BackupCredentials.File f && !f.path().startsWith("/")) {
            problems.add(Problem.at(loc(optMap(b, "credentials").orElseThrow(), "file"), "backup.credentials",
                    "backup credentials file '" + f.path() + "' must be an absolute path on the hosts that run the tablets",
                    "write e.g. /etc/shardops/s3-credentials; the spec names the file, never the keys"));
        }
        Integer keep = b.get("keep").isPresent() ? (int) integer(b, "keep", BackupPolicy.DEFAULT_KEEP) : null;
        BackupFrom from = Optional.ofNullable(str(b, "from", null)).map(w -> w.equals("replica") ? BackupFrom.REPLICA : BackupFrom.RDONLY)
                .orElse(null);
        return Optional.of(new BackupPolicy(location, credentials, schedule, keep, from));
    }
}
