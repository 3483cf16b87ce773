package io.shardops.dataplane.tablet.query;

/**
 * A statement whose tables depend on the session it runs in: SQL-level prepared statements and HANDLER
 * names live in the MariaDB connection, so the {@link TabletSession} keeps what each name stands for.
 */
public sealed interface SessionStatement {
    /** {@code PREPARE name FROM 'text'}: {@code text} is the analysis of the prepared text (unanalysable for {@code FROM @var}). */
    record Prepare(String name, StatementInfo text) implements SessionStatement {}

    /** {@code EXECUTE name}: runs what the session prepared under that name. */
    record Execute(String name) implements SessionStatement {}

    /** {@code DEALLOCATE PREPARE name} / {@code DROP PREPARE name}. */
    record Deallocate(String name) implements SessionStatement {}

    /** {@code HANDLER table OPEN [AS alias]}: later HANDLER statements use {@code alias} (or the table's name). */
    record HandlerOpen(TableRef table, String alias) implements SessionStatement {}

    /** {@code HANDLER name READ|CLOSE}: {@code name} is an alias opened before, or the table itself. */
    record HandlerUse(String name) implements SessionStatement {}
}
