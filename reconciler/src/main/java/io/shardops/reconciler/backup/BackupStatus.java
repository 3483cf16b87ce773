package io.shardops.reconciler.backup;

import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupLocations;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.spec.backup.BackupSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each shard's last good backup, when the next one is due and whether the last is older than the policy allows:
 * what {@code shardops status} shows and the scheduler acts on.
 */
public final class BackupStatus {
    /** Time a backup itself may take on top of the schedule's gap before the last one counts as overdue. */
    public static final Duration GRACE = Duration.ofMinutes(15);

    private BackupStatus() {}

    /**
     * @param lastBackup the newest complete backup's name, empty when none
     * @param lastEnd    when it ended (ISO 8601), empty when none
     * @param nextDue    ISO 8601 time the next is due, {@code on demand} without a schedule
     * @param warning    empty, or what is wrong: overdue, none yet although scheduled, location unreadable
     */
    public record Row(String keyspace, String shard, String location, String lastBackup, String lastEnd, String nextDue,
                      String warning) {}

    /** A shard and the policy in force for its keyspace. */
    public record ShardPolicy(String keyspace, String shard, AppliedBackupPolicy.Entry policy) {}

    public static List<Row> rows(List<ShardPolicy> shards, Instant now) {
        List<Row> out = new ArrayList<>();
        for (ShardPolicy s : shards) {
            out.add(row(s, now));
        }
        return out;
    }

    public static Row row(ShardPolicy s, Instant now) {
        Optional<BackupSchedule> schedule = s.policy().parsedSchedule();
        Optional<BackupManifest> last;
        try {
            last = new BackupCatalog(BackupLocations.open(s.policy().location(), s.policy().credentialsFile())).latest(s.keyspace(), s.shard());
        } catch (Exception e) {
            return new Row(s.keyspace(), s.shard(), s.policy().location(), "", "", "", "cannot read the backup location: " + e.getMessage());
        }
        String due = schedule.map(sc -> sc.nextDue(last.map(BackupManifest::endTime).orElse(null), now).toString()).orElse("on demand");
        String warning = "";
        if (last.isEmpty() && schedule.isPresent()) {
            warning = "no backup yet: the scheduler takes one within a minute, or take one with shardops backup " + s.keyspace() + "/" + s.shard();
        } else if (last.isPresent() && schedule.isPresent()) {
            Duration age = Duration.between(last.get().endTime(), now);
            Duration allowed = schedule.get().longestGap().plus(GRACE);
            if (age.compareTo(allowed) > 0) {
                warning = "last backup is " + age.toMinutes() + " min old; the policy (" + schedule.get().describe()
                        + ") allows " + allowed.toMinutes() + " min";
            }
        }
        return new Row(s.keyspace(), s.shard(), s.policy().location(), last.map(BackupManifest::name).orElse(""),
                last.map(m -> m.endTime().toString()).orElse(""), due, warning);
    }

    /** Whether a backup of the shard is due now by its schedule (never without one). */
    public static boolean due(ShardPolicy s, Instant now) {
        Optional<BackupSchedule> schedule = s.policy().parsedSchedule();
        if (schedule.isEmpty()) {
            return false;
        }
        try {
            Optional<BackupManifest> last = new BackupCatalog(BackupLocations.open(s.policy().location(), s.policy().credentialsFile()))
                    .latest(s.keyspace(), s.shard());
            return !schedule.get().nextDue(last.map(BackupManifest::endTime).orElse(null), now).isAfter(now);
        } catch (Exception e) {
            return false;
        }
    }
}
