package io.shardops.reconciler.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What {@code shardops bench move} measured; the text and the JSON form are rendered from this value.
 *
 * @param copy     the Reshard copy against mysqldump | mysql of the same rows into one target
 * @param catchUp  the streams' lag while a client writes at a steady rate during and after the copy
 * @param primary  a client writing as fast as it can through the gateway during switch-traffic primary
 * @param rowsOnTargets rows on the two target shards at the end, and how many the run expected there
 */
public record MoveBenchReport(String setup, double loadAverageStart, double loadAverageEnd, Copy copy, CatchUp catchUp,
                              PrimarySwitch primary, long rowsOnTargets, long rowsExpected) {
    public static final double COPY_GOAL = 0.8;
    public static final long SWITCH_GAP_GOAL_MILLIS = 1000;

    /** How long one measured run took, and the 1-minute load average when it ended. */
    public record Timing(long millis, double loadAverage) {
        double rowsPerSecond(long rows) {
            return rows * 1000.0 / Math.max(1, millis);
        }
    }

    /**
     * @param writesPerSecond the steady client running during the copy (0: none)
     * @param dumpBefore      mysqldump | mysql of the same rows just before the copy, {@code dumpAfter} just after it
     */
    public record Copy(long rows, int writesPerSecond, Timing copy, Timing dumpBefore, Timing dumpAfter) {
        public double rowsPerSecond() {
            return copy.rowsPerSecond(rows);
        }

        /** The baseline's rate over both of its runs, so a load that drifts during the run weighs on both sides alike. */
        public double dumpRowsPerSecond() {
            return 2 * rows * 1000.0 / Math.max(1, dumpBefore.millis() + dumpAfter.millis());
        }

        public double ratio() {
            return rowsPerSecond() / dumpRowsPerSecond();
        }
    }

    /**
     * @param clients            connections the steady client writes on, sharing one schedule of {@code writesPerSecond}
     * @param achievedPerSecond  acknowledged writes per second it reached over its whole run (the copy and the sampling window)
     * @param caughtUpMillis from the end of the copy until the targets held every write older than a second; -1: not within the window
     * @param maxLagSeconds  the worst sample after that (over all samples when never caught up), p95 beside it; lag is the age of
     *                       the oldest acknowledged write a target lacks
     */
    public record CatchUp(int writesPerSecond, int clients, double achievedPerSecond, long writes, long samples, long caughtUpMillis, double maxLagSeconds, double p95LagSeconds) {}

    /** @param clients connections the fast client writes on; the gap is between any two acknowledgements */
    public record PrimarySwitch(int clients, long writes, long errors, long longestGapMillis, long applyMillis, String firstError) {}

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("bench move: ").append(setup).append('\n');
        sb.append(String.format("load average %.1f at the start, %.1f at the end%n%n", loadAverageStart, loadAverageEnd));
        sb.append(String.format("copy (Reshard 0 -> -80, 80-)   %,d rows in %.1f s = %,.0f rows/s (load %.1f)%s%n", copy.rows(),
                copy.copy().millis() / 1000.0, copy.rowsPerSecond(), copy.copy().loadAverage(),
                copy.writesPerSecond() > 0 ? " while a client writes " + copy.writesPerSecond() + "/s" : ""));
        sb.append(String.format("mysqldump | mysql, one target  %,d rows in %.1f s before (load %.1f) and %.1f s after the copy (load %.1f) = %,.0f rows/s%n",
                copy.rows(), copy.dumpBefore().millis() / 1000.0, copy.dumpBefore().loadAverage(), copy.dumpAfter().millis() / 1000.0,
                copy.dumpAfter().loadAverage(), copy.dumpRowsPerSecond()));
        sb.append(String.format("ratio                          %.2f (goal %.1f: %s)%n%n", copy.ratio(), COPY_GOAL, copy.ratio() >= COPY_GOAL ? "met" : "not met"));
        if (catchUp.writes() > 0) {
            sb.append(String.format("catch-up, %d writes/s asked      %,.0f writes/s reached on %d connections; %s; lag max %.2f s, p95 %.2f s"
                            + " (%d samples, %,d writes acknowledged)%n%n",
                    catchUp.writesPerSecond(), catchUp.achievedPerSecond(), catchUp.clients(), catchUp.caughtUpMillis() < 0 ? "not caught up (lag under 1 s) within the sampling window"
                            : String.format("caught up %.1f s after the copy, then", catchUp.caughtUpMillis() / 1000.0),
                    catchUp.maxLagSeconds(), catchUp.p95LagSeconds(), catchUp.samples(), catchUp.writes()));
        }
        sb.append(String.format("switch-traffic primary         %,d writes on %d connections, %d client error(s), longest gap between acknowledged"
                + " writes %d ms (apply took %.1f s; goal < %d ms and 0 errors: %s)%n", primary.writes(), primary.clients(), primary.errors(), primary.longestGapMillis(),
                primary.applyMillis() / 1000.0, SWITCH_GAP_GOAL_MILLIS,
                primary.errors() == 0 && primary.longestGapMillis() < SWITCH_GAP_GOAL_MILLIS ? "met" : "not met"));
        if (!primary.firstError().isEmpty()) {
            sb.append("  first client error: ").append(primary.firstError()).append('\n');
        }
        sb.append(String.format("%nrows on -80 and 80- at the end: %,d (expected %,d: the copied rows plus every acknowledged write)%s%n",
                rowsOnTargets, rowsExpected, rowsOnTargets == rowsExpected ? "" : "  MISMATCH"));
        return sb.toString();
    }

    public String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
