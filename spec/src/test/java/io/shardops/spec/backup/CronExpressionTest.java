package io.shardops.spec.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
    private static Instant next(String cron, String after) {
        return CronExpression.parse(cron).next(Instant.parse(after));
    }

    @Test
    void firesAtTheNextMatchingMinuteInUtc() {
        assertEquals(Instant.parse("2026-12-08T03:00:00Z"), next("0 3 * * *", "2026-12-07T17:10:00Z"));
        assertEquals(Instant.parse("2026-12-07T17:15:00Z"), next("*/15 * * * *", "2026-12-07T17:10:00Z"));
        assertEquals(Instant.parse("2026-12-07T18:00:00Z"), next("0 * * * *", "2026-12-07T17:00:00Z"));
        // Sunday, written 0 or 7; 2026-12-13 is a Sunday
        assertEquals(Instant.parse("2026-12-13T02:30:00Z"), next("30 2 * * 0", "2026-12-07T17:10:00Z"));
        assertEquals(Instant.parse("2026-12-13T02:30:00Z"), next("30 2 * * 7", "2026-12-07T17:10:00Z"));
        assertEquals(Instant.parse("2027-02-01T00:00:00Z"), next("0 0 1 2 *", "2026-12-07T17:10:00Z"));
        assertEquals(Instant.parse("2028-02-29T00:00:00Z"), next("0 0 29 2 *", "2026-12-07T17:10:00Z"));
    }

    @Test
    void longestGapBoundsOverdue() {
        assertEquals(Duration.ofDays(1), CronExpression.parse("0 3 * * *").longestGap());
        assertEquals(Duration.ofHours(6), CronExpression.parse("0 */6 * * *").longestGap());
    }

    @Test
    void schedulesParseIntervalsAndCronAndSayWhatIsWrong() {
        assertEquals(Duration.ofHours(6), ((BackupSchedule.Every) BackupSchedule.parse("6h").schedule().orElseThrow()).interval());
        assertTrue(BackupSchedule.parse("0 3 * * *").schedule().orElseThrow() instanceof BackupSchedule.Cron);
        assertTrue(BackupSchedule.parse("1m").error().contains("shorter than 5 minutes"));
        assertTrue(BackupSchedule.parse("61 * * * *").error().contains("outside 0-59"), BackupSchedule.parse("61 * * * *").error());
        assertTrue(BackupSchedule.parse("0 0 31 2 *").error().contains("never fires"));
        assertTrue(BackupSchedule.parse("daily").error().contains("neither an interval"));
    }

    @Test
    void keyspaceOverridesOnlyTheFieldsItSets() {
        BackupPolicy cluster = new BackupPolicy("s3://b/p", new BackupCredentials.KubernetesSecret("s3"),
                BackupSchedule.parse("6h").schedule().orElseThrow(), 7, null);
        BackupPolicy ks = new BackupPolicy(null, null, BackupSchedule.parse("1h").schedule().orElseThrow(), 24, null);
        BackupPolicies p = new BackupPolicies(cluster, Map.of("customer", ks));
        BackupPolicy customer = p.forKeyspace("customer").orElseThrow();
        assertEquals("s3://b/p, every 1h, keep 24, from rdonly, credentials from Secret s3", customer.describe());
        assertEquals(7, p.forKeyspace("commerce").orElseThrow().keepOrDefault());
        assertTrue(BackupPolicies.NONE.forKeyspace("commerce").isEmpty());
    }
}
