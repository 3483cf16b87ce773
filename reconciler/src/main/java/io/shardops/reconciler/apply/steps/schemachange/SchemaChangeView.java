package io.shardops.reconciler.apply.steps.schemachange;

import io.shardops.planner.topology.SchemaChangeRecord;
import io.shardops.planner.topology.Topology;
import java.util.Comparator;
import java.util.List;

/**
 * One table's latest schema change as {@code shardops status --format json} and the console show it: progress of a
 * running copy (rows, lag, rate, ETA), whether it can still be reverted and whether it was confirmed.
 *
 * @param strategy   {@code online} (shadow table) or what MariaDB accepted in place ({@code instant}, {@code nocopy}, {@code inplace})
 * @param etaSeconds the copy's estimated time left, -1 when unknown or not copying
 * @param revertible {@code shardops revert} swaps back (cut over, old table kept), or cancels (not cut over yet)
 */
public record SchemaChangeView(String keyspace, String table, List<String> shards, String alter, String strategy, String stage,
                               long rowsCopied, long rowsTotal, long lagSeconds, long rowsPerSecond, long etaSeconds,
                               boolean revertible, boolean confirmed, String message, String summary) {
    public static SchemaChangeView of(SchemaChangeRecord r) {
        boolean copying = r.stage() == SchemaChangeRecord.Stage.COPYING;
        return new SchemaChangeView(r.keyspace(), r.table(), r.shards(), r.alter(), r.online() ? "online" : r.algorithm(), r.stage().word(),
                r.rowsCopied(), r.rowsTotal(), r.lagSeconds(), copying ? r.rowsPerSecond() : 0, copying ? r.etaSeconds() : -1,
                r.revertible() || (r.online() && r.stage().inFlight()), r.confirmed(), r.message(), r.summary());
    }

    /** Every table's latest change in the topology, by keyspace and table. */
    public static List<SchemaChangeView> of(Topology t) {
        return t.schemaChanges().values().stream().map(SchemaChangeView::of)
                .sorted(Comparator.comparing(SchemaChangeView::keyspace).thenComparing(SchemaChangeView::table)).toList();
    }

    /** Still running (copying or following, waiting for its cut-over). */
    public boolean running() {
        return "copying".equals(stage) || "following".equals(stage);
    }
}
