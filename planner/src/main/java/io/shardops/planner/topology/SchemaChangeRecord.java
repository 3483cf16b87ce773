package io.shardops.planner.topology;

import io.shardops.spec.schema.TableDef;
import java.util.List;
import java.util.Locale;

/**
 * {@code /shardops/<cluster>/schemachanges/<keyspace>/<table>}: the latest schema change of one table, as apply,
 * {@code shardops status}, the console, a resumed apply and the planner read it (the planner: to revert instead of
 * changing again, and to drop a confirmed change's old table; docs/schema-changes.md).
 *
 * @param alter         the ALTER TABLE it runs
 * @param algorithm     what MariaDB accepted: {@code instant}, {@code nocopy}, {@code inplace}, or {@code copy} (online
 *                      through a shadow table)
 * @param rowsTotal     InnoDB's row estimate of the table on all shards when the copy started
 * @param lagSeconds    the streams' largest lag at the last look
 * @param before        the table as the topology recorded it before the cut-over, put back by a revert; null before
 * @param rowsPerSecond the copy's rate at the last look (0 when not copying)
 * @param etaSeconds    the copy's estimated time left at the last look, -1 when unknown
 * @param confirmed     {@code shardops confirm} said the change stays: the next plan drops its old table
 */
public record SchemaChangeRecord(String keyspace, String table, List<String> shards, String alter, String algorithm, Stage stage,
                                 long rowsCopied, long rowsTotal, long lagSeconds, String message, TableDef before,
                                 long rowsPerSecond, long etaSeconds, boolean confirmed) {
    public SchemaChangeRecord {
        shards = List.copyOf(shards);
        message = message == null ? "" : message;
    }

    public enum Stage {
        /** The shadow table is being filled. */
        COPYING,
        /** Copied; the shadow follows the table's binlog and waits for its cut-over. */
        FOLLOWING,
        /** The shadow is the table; the old table follows it through the reverse stream, so a revert loses nothing. */
        CUT_OVER,
        /** Swapped back: the table has its old definition again. */
        REVERTED,
        /** Finished: ran instant or in place, or its old table was dropped. */
        DONE;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Holds the table: no other change of it may start. */
        public boolean inFlight() {
            return this == COPYING || this == FOLLOWING;
        }
    }

    public SchemaChangeRecord(String keyspace, String table, List<String> shards, String alter, String algorithm, Stage stage,
                              long rowsCopied, long rowsTotal, long lagSeconds, String message) {
        this(keyspace, table, shards, alter, algorithm, stage, rowsCopied, rowsTotal, lagSeconds, message, null, 0, -1, false);
    }

    public SchemaChangeRecord with(Stage s, String why) {
        return new SchemaChangeRecord(keyspace, table, shards, alter, algorithm, s, rowsCopied, rowsTotal, lagSeconds, why, before,
                s == Stage.COPYING ? rowsPerSecond : 0, s == Stage.COPYING ? etaSeconds : -1, confirmed);
    }

    public SchemaChangeRecord withProgress(long copied, long total, long lag) {
        return withProgress(copied, total, lag, rowsPerSecond, etaSeconds);
    }

    /** The copy's progress at one look: rows, lag, rate and estimated time left ({@code eta} -1 when unknown). */
    public SchemaChangeRecord withProgress(long copied, long total, long lag, long perSecond, long eta) {
        return new SchemaChangeRecord(keyspace, table, shards, alter, algorithm, stage, copied, total, lag, message, before, perSecond, eta, confirmed);
    }

    public SchemaChangeRecord withBefore(TableDef def) {
        return new SchemaChangeRecord(keyspace, table, shards, alter, algorithm, stage, rowsCopied, rowsTotal, lagSeconds, message, def,
                rowsPerSecond, etaSeconds, confirmed);
    }

    public SchemaChangeRecord confirm() {
        return new SchemaChangeRecord(keyspace, table, shards, alter, algorithm, stage, rowsCopied, rowsTotal, lagSeconds, message, before,
                rowsPerSecond, etaSeconds, true);
    }

    /** The old table a cut-over keeps for revert, {@code _t_osc_old}: one naming rule for the plan's text and the steps. */
    public static String oldTableOf(String table) {
        return "_" + table + "_osc_old";
    }

    /** Ran through a shadow table (not instant or in place). */
    public boolean online() {
        return "copy".equals(algorithm);
    }

    /** The old table is there and follows the new one: a revert swaps it back without losing a write. */
    public boolean revertible() {
        return stage == Stage.CUT_OVER && online();
    }

    /** Cut over and confirmed: the plan drops its old table (a destroy step), after which no revert is possible. */
    public boolean oldTableToDrop() {
        return revertible() && confirmed;
    }

    /**
     * One line for apply and status:
     * {@code commerce.product online (shadow table): copying, 200000 of ~1000000 row(s) copied, lag 0 s, 40000 rows/s, ETA 20 s}.
     */
    public String summary() {
        String how = online() ? "online (shadow table)" : algorithm;
        StringBuilder s = new StringBuilder(keyspace + "." + table + " " + how + ": " + stage.word());
        if (online()) {
            s.append(", ").append(rowsCopied).append(rowsTotal > 0 ? " of ~" + rowsTotal : "").append(" row(s) copied, lag ").append(lagSeconds).append(" s");
            if (stage == Stage.COPYING && rowsPerSecond > 0) {
                s.append(", ").append(rowsPerSecond).append(" rows/s");
            }
            if (stage == Stage.COPYING && etaSeconds >= 0) {
                s.append(", ETA ").append(etaSeconds).append(" s");
            }
        }
        if (stage == Stage.CUT_OVER) {
            s.append(confirmed ? ", confirmed: the next apply drops the old table" : ", revertible");
        }
        return s + (message.isEmpty() ? "" : " (" + message + ")");
    }
}
