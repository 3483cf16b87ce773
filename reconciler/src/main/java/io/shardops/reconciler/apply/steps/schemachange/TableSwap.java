package io.shardops.reconciler.apply.steps.schemachange;

import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.forward;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.names;
import static io.shardops.reconciler.apply.steps.schemachange.SchemaChangeShards.reverse;

import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.sql.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Swaps a followed table in for the live one on every primary, writes to the table held for as short as possible.
 * The cut-over (shadow in, old out) and the revert (old in, shadow name out) are the same swap in two directions.
 */
final class TableSwap {
    /** How long the swap waits, writes held, for the incoming table to apply the table's last write. */
    static final Duration CATCH_UP = Duration.ofSeconds(10);
    /** How long a transaction that wrote to the table may stay open once it is held, before it is killed. */
    static final Duration OPEN_TRANSACTION_GRACE = Duration.ofSeconds(1);
    /** A catch-up round this short means the stream follows within a few writes. */
    static final Duration CAUGHT_UP = Duration.ofMillis(100);

    private final TabletManagers managers;
    private final Consumer<String> progress;

    TableSwap(TabletManagers managers, Consumer<String> progress) {
        this.managers = managers;
        this.progress = progress;
    }

    /**
     * Before writes are held: lets each stream catch up with its primary until one round takes less than
     * {@link #CAUGHT_UP}, so the hold only waits for the last few writes.
     */
    void catchUpBeforeHold(String stream, Map<String, TabletRecord> primaries) {
        for (TabletRecord p : primaries.values()) {
            TabletManager m = managers.of(p);
            for (int round = 0; round < 10; round++) {
                long t0 = System.nanoTime();
                m.waitForStreamPosition(stream, m.replicationPosition(), SchemaChangeSteps.COPY_LIMIT);
                if (System.nanoTime() - t0 < CAUGHT_UP.toNanos()) {
                    break;
                }
            }
        }
    }

    /**
     * The swap on every primary, writes to the table held meanwhile: hold, end open write transactions, let the stream
     * apply the last write, swap. Anything failing before the swap lets writes go on to the table as it was and
     * restarts the stream. (The tables were compared before, while writes went on: {@link ShadowVerify#verify}.)
     *
     * @return how long writes were held, in ms
     */
    long swapUnderHold(String what, String table, String stream, String incoming, String outgoing, Map<String, TabletRecord> primaries)
            throws StepException {
        long t0 = System.nanoTime();
        HoldTimes times = new HoldTimes(t0);
        List<TabletManager> held = new ArrayList<>();
        boolean swapped = false;
        try {
            for (TabletRecord p : primaries.values()) {
                TabletManager m = managers.of(p);
                held.add(m);
                m.holdTables(List.of(table));
            }
            times.lap("drain");
            for (TabletManager m : held) {
                int killed = m.endOpenWriteTransactions(OPEN_TRANSACTION_GRACE);
                if (killed > 0) {
                    progress.accept(what + ": killed " + killed + " transaction(s) still open on " + table + " "
                            + OPEN_TRANSACTION_GRACE.toSeconds() + " s after it was held; they rolled back");
                }
            }
            times.lap("open transactions");
            for (TabletManager m : held) {
                m.waitForStreamPosition(stream, m.replicationPosition(), CATCH_UP);
                m.stopStream(stream);
            }
            times.lap("catch-up");
            for (TabletManager m : held) {
                if (!m.schema(List.of(incoming)).isEmpty() && !m.schema(List.of(outgoing)).isEmpty()) {
                    // the old table of an earlier change of this table: this change supersedes its revert
                    m.applySchema(List.of("drop table if exists " + Sql.identifier(outgoing)));
                }
                m.swapTables(table, incoming, outgoing);
            }
            times.lap("swap");
            swapped = true;
        } catch (Exception e) {
            if (!swapped) {
                for (TabletRecord p : primaries.values()) {
                    try {
                        managers.of(p).startStream(stream.equals(names(p.keyspace(), table).forwardStream())
                                ? forward(names(p.keyspace(), table), p) : reverse(names(p.keyspace(), table), p));
                    } catch (Exception restart) {
                        progress.accept(what + ": restarting stream " + stream + " failed: " + restart.getMessage() + "; apply again");
                    }
                }
            }
            throw new StepException(what + (swapped ? " failed after the swap: " : ": rolled back, the table takes writes as before: ") + e.getMessage());
        } finally {
            for (TabletManager m : held) {
                try {
                    m.holdTables(List.of());
                } catch (Exception release) {
                    progress.accept(what + ": lifting the hold failed: " + release.getMessage() + "; apply again");
                }
            }
        }
        progress.accept(what + ": writes held " + times);
        return Math.round((System.nanoTime() - t0) / 1e6);
    }

    /** Where the time of a hold went, for apply's output: {@code drain 3 ms, catch-up 40 ms, ...}. */
    private static final class HoldTimes {
        private final StringBuilder text = new StringBuilder();
        private long last;

        HoldTimes(long start) {
            last = start;
        }

        void lap(String phase) {
            long now = System.nanoTime();
            text.append(text.isEmpty() ? "" : ", ").append(phase).append(' ').append(Math.round((now - last) / 1e6)).append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
