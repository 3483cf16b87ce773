package io.shardops.dataplane.tablet;

import java.util.List;

/**
 * A copy/catch-up stream into this tablet (the target shard's primary), as the reconciler asks for it.
 *
 * @param workflow        a name unique on this tablet, e.g. {@code customer.commerce2customer} or {@code customer.reshard.-80}
 * @param sourceHost      the MariaDB host the copy reads from (an rdonly where one exists)
 * @param sourceMysqlPort that MariaDB's port
 * @param sourceDatabase  the source keyspace's database
 * @param tables          the tables to carry, which of their rows, and into which table (the same name but for a schema
 *                        change's shadow table)
 * @param followHost      the MariaDB host whose binlog the catch-up follows: the source shard's primary, so the
 *                        stream is as current as the writes, not as far behind as the rdonly's replication (10 s
 *                        and more under 1,000 writes/s on two cores); null follows {@code sourceHost} (a spec kept
 *                        from before there was a choice)
 * @param followMysqlPort that MariaDB's port; 0 with a null {@code followHost}
 */
public record StreamSpec(String workflow, String sourceHost, int sourceMysqlPort, String sourceDatabase, List<Table> tables,
                         String followHost, int followMysqlPort) {
    public StreamSpec {
        tables = List.copyOf(tables);
        if (workflow == null || workflow.isBlank() || workflow.length() > 128) {
            throw new IllegalArgumentException("a stream needs a workflow name of 1 to 128 characters, got '" + workflow + "'");
        }
        if (followHost == null || followMysqlPort <= 0) {
            followHost = sourceHost;
            followMysqlPort = sourceMysqlPort;
        }
    }

    /** A stream that copies from and follows the same MariaDB. */
    public StreamSpec(String workflow, String sourceHost, int sourceMysqlPort, String sourceDatabase, List<Table> tables) {
        this(workflow, sourceHost, sourceMysqlPort, sourceDatabase, tables, null, 0);
    }

    /**
     * One table of a stream.
     *
     * @param vindexColumn null to carry every row (MoveTables into an unsharded keyspace); otherwise rows whose
     *                     keyspace id under {@code vindexType} falls in {@code keyRange} (a shard name: {@code -80})
     */
    public record Table(String name, String vindexColumn, String vindexType, String keyRange, String targetTable) {
        public Table(String name, String vindexColumn, String vindexType, String keyRange) {
            this(name, vindexColumn, vindexType, keyRange, null);
        }

        public static Table allRows(String name) {
            return new Table(name, null, null, "-");
        }

        /**
         * Every row of {@code name} into {@code targetTable} of this tablet's database, by the columns both have: an
         * online schema change's shadow table (and its old table, after the cut-over).
         */
        public static Table allRowsInto(String name, String targetTable) {
            return new Table(name, null, null, "-", targetTable);
        }
    }
}
