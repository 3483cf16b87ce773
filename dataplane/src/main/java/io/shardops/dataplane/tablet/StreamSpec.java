package io.shardops.dataplane.tablet;

import java.util.List;

/**
 * A copy/catch-up stream into this tablet (the target shard's primary), as the reconciler asks for it.
 *
 * @param workflow        a name unique on this tablet, e.g. {@code customer.commerce2customer} or {@code customer.reshard.-80}
 * @param sourceHost      the source tablet's MariaDB host (an rdonly where one exists)
 * @param sourceMysqlPort the source tablet's MariaDB port
 * @param sourceDatabase  the source keyspace's database
 * @param tables          the tables to carry and which of their rows
 */
public record StreamSpec(String workflow, String sourceHost, int sourceMysqlPort, String sourceDatabase, List<Table> tables) {
    public StreamSpec {
        tables = List.copyOf(tables);
        if (workflow == null || workflow.isBlank() || workflow.length() > 128) {
            throw new IllegalArgumentException("a stream needs a workflow name of 1 to 128 characters, got '" + workflow + "'");
        }
    }

    /**
     * One table of a stream.
     *
     * @param vindexColumn null to carry every row (MoveTables into an unsharded keyspace); otherwise rows whose
     *                     keyspace id under {@code vindexType} falls in {@code keyRange} (a shard name: {@code -80})
     */
    public record Table(String name, String vindexColumn, String vindexType, String keyRange) {
        public static Table allRows(String name) {
            return new Table(name, null, null, "-");
        }
    }
}
