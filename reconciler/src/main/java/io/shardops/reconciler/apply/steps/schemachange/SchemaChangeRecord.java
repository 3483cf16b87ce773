package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.spec.schema.TableDef;
import java.util.List;
import java.util.Locale;

/**
 * {@code /shardops/<cluster>/schemachanges/<keyspace>/<table>}: the latest schema change of one table, as apply,
 * {@code shardops status} and a resumed apply read it.
 *
 * @param alter      the ALTER TABLE it runs
 * @param algorithm  what MariaDB accepted: {@code instant}, {@code nocopy}, {@code inplace}, or {@code copy} (online
 *                   through a shadow table)
 * @param rowsTotal  InnoDB's row estimate of the table on all shards when the copy started
 * @param lagSeconds the streams' largest lag at the last look
 * @param before     the table as the topology recorded it before the cut-over, put back by a revert; null before
 */
public record SchemaChangeRecord(String keyspace, String table, List<String> shards, String alter, String algorithm, Stage stage,
                                 long rowsCopied, long rowsTotal, long lagSeconds, String message, TableDef before) {
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
        this(keyspace, table, shards, alter, algorithm, stage, rowsCopied, rowsTotal, lagSeconds, message, null);
    }

    public SchemaChangeRecord with(Stage s, String why) {
        return new SchemaChangeRecord(keyspace, table, shards, alter, algorithm, s, rowsCopied, rowsTotal, lagSeconds, why, before);
    }

    public SchemaChangeRecord withProgress(long copied, long total, long lag) {
        return new SchemaChangeRecord(keyspace, table, shards, alter, algorithm, stage, copied, total, lag, message, before);
    }

    public SchemaChangeRecord withBefore(TableDef def) {
        return new SchemaChangeRecord(keyspace, table, shards, alter, algorithm, stage, rowsCopied, rowsTotal, lagSeconds, message, def);
    }

    /** One line for apply and status: {@code commerce.product online (copy): following, 1000000 row(s) copied, lag 0 s}. */
    public String summary() {
        String how = "copy".equals(algorithm) ? "online (shadow table)" : algorithm;
        return keyspace + "." + table + " " + how + ": " + stage.word()
                + ("copy".equals(algorithm) ? ", " + rowsCopied + (rowsTotal > 0 ? " of ~" + rowsTotal : "") + " row(s) copied, lag " + lagSeconds + " s" : "")
                + (message.isEmpty() ? "" : " (" + message + ")");
    }
}
