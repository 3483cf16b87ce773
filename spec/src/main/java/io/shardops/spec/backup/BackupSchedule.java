package io.shardops.spec.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How often a backup is due: every fixed interval ({@code 6h}) or at the times of a cron expression (UTC). */
public sealed interface BackupSchedule {
    Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,4})(m|h|d)");
    Duration MIN_INTERVAL = Duration.ofMinutes(5);

    /** When the next backup is due, given when the last good one ended (null: none yet, due now). */
    Instant nextDue(Instant lastBackup, Instant now);

    /** The largest gap between two due times: a last backup older than this is overdue. */
    Duration longestGap();

    String describe();

    /** Every {@code interval} after the last backup. */
    record Every(Duration interval, String text) implements BackupSchedule {
        @Override
        public Instant nextDue(Instant lastBackup, Instant now) {
            return lastBackup == null ? now : lastBackup.plus(interval);
        }

        @Override
        public Duration longestGap() {
            return interval;
        }

        @Override
        public String describe() {
            return "every " + text;
        }
    }

    /** At the minutes a cron expression names. */
    record Cron(CronExpression expression) implements BackupSchedule {
        @Override
        public Instant nextDue(Instant lastBackup, Instant now) {
            return lastBackup == null ? now : expression.next(lastBackup);
        }

        @Override
        public Duration longestGap() {
            return expression.longestGap();
        }

        @Override
        public String describe() {
            return "cron '" + expression.text() + "' (UTC)";
        }
    }

    /** Parses {@code 30m}, {@code 6h}, {@code 1d} or a five-field cron expression; the error says what is wrong. */
    static Parsed parse(String text) {
        String t = text.strip();
        Matcher m = INTERVAL.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (d.compareTo(MIN_INTERVAL) < 0) {
                return new Parsed(Optional.empty(), "schedule '" + text + "' is shorter than 5 minutes");
            }
            return new Parsed(Optional.of(new Every(d, t)), "");
        }
        if (t.split("\\s+").length == 5) {
            try {
                return new Parsed(Optional.of(new Cron(CronExpression.parse(t))), "");
            } catch (IllegalArgumentException e) {
                return new Parsed(Optional.empty(), e.getMessage());
            }
        }
        return new Parsed(Optional.empty(), "schedule '" + text + "' is neither an interval (30m, 6h, 1d) nor a cron expression"
                + " of five fields (minute hour day-of-month month day-of-week)");
    }

    /** A parsed schedule, or the reason it is not one. */
    record Parsed(Optional<BackupSchedule> schedule, String error) {}
}
