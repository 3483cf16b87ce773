package io.shardops.spec.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute, hour, day of month, month, day of week; {@code *}, lists, ranges and
 * {@code /step}; day of week 0-7 with 0 and 7 Sunday), evaluated in UTC. As in cron, when both day fields are
 * restricted a day matches either.
 */
public final class CronExpression {
    private static final int[][] BOUNDS = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    /** Every schedule fires within four years (29 February); searching further means it never does. */
    private static final long SEARCH_MINUTES = 4L * 366 * 24 * 60;

    private final String text;
    private final BitSet[] fields = new BitSet[5];
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String text) {
        this.text = text;
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("cron expression '" + text + "' needs five fields: minute hour day-of-month month day-of-week");
        }
        for (int i = 0; i < 5; i++) {
            fields[i] = field(parts[i], i);
        }
        if (fields[4].get(7)) {
            fields[4].set(0);
        }
        domRestricted = !parts[2].equals("*");
        dowRestricted = !parts[4].equals("*");
    }

    public static CronExpression parse(String text) {
        CronExpression c = new CronExpression(text);
        if (c.next(Instant.parse("2026-01-01T00:00:00Z")) == null) {
            throw new IllegalArgumentException("cron expression '" + text + "' never fires");
        }
        return c;
    }

    public String text() {
        return text;
    }

    private static BitSet field(String part, int index) {
        BitSet set = new BitSet();
        int lo = BOUNDS[index][0];
        int hi = BOUNDS[index][1];
        for (String item : part.split(",", -1)) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = number(item.substring(slash + 1), 1, hi, index, item);
                range = item.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = lo;
                to = hi;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw bad(index, item);
                }
                from = number(ends[0], lo, hi, index, item);
                to = number(ends[1], lo, hi, index, item);
                if (from > to) {
                    throw bad(index, item);
                }
            } else {
                from = number(range, lo, hi, index, item);
                to = slash >= 0 ? hi : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String s, int lo, int hi, int index, String item) {
        if (!s.matches("[0-9]{1,2}")) {
            throw bad(index, item);
        }
        int v = Integer.parseInt(s);
        if (v < lo || v > hi) {
            throw new IllegalArgumentException("cron " + NAMES[index] + " '" + item + "' is outside " + lo + "-" + hi);
        }
        return v;
    }

    private static IllegalArgumentException bad(int index, String item) {
        return new IllegalArgumentException("cron " + NAMES[index] + " '" + item + "' is not a number, a range A-B, '*' or a step '/N'");
    }

    /** The first matching minute strictly after {@code after}; null when none within four years. */
    public Instant next(Instant after) {
        ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (long i = 0; i < SEARCH_MINUTES; i++) {
            if (!fields[3].get(t.getMonthValue())) {
                t = t.plusMonths(1).withDayOfMonth(1).withHour(0).withMinute(0);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.plusDays(1).withHour(0).withMinute(0);
                continue;
            }
            if (!fields[1].get(t.getHour())) {
                t = t.plusHours(1).withMinute(0);
                continue;
            }
            if (!fields[0].get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return t.toInstant();
        }
        return null;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = fields[2].get(t.getDayOfMonth());
        boolean dow = fields[4].get(t.getDayOfWeek().getValue() % 7);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    /** The largest gap between consecutive firings over a year from 2026-01-01 (a bound for "overdue"). */
    public Duration longestGap() {
        Instant t = next(Instant.parse("2026-01-01T00:00:00Z"));
        Instant end = t.plus(Duration.ofDays(366));
        Duration longest = Duration.ZERO;
        for (int i = 0; i < 20_000 && t.isBefore(end); i++) {
            Instant n = next(t);
            Duration gap = Duration.between(t, n);
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
            t = n;
        }
        return longest;
    }
}
