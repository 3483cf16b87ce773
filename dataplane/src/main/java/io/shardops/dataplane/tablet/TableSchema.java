package io.shardops.dataplane.tablet;

/**
 * One table as the tablet's MariaDB reports it.
 *
 * @param createSql {@code SHOW CREATE TABLE}'s statement with the {@code AUTO_INCREMENT=N} table option
 *                  removed, so two copies of a table compare equal whatever rows they hold
 */
public record TableSchema(String name, String createSql) {
    /** Whether the table is a Vitess sequence (its comment is {@code vitess_sequence}). */
    public boolean isSequence() {
        return createSql.contains("COMMENT='vitess_sequence'");
    }
}
