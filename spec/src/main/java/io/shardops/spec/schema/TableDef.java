package io.shardops.spec.schema;

import java.util.List;
import java.util.Optional;

/**
 * A table as a CREATE TABLE statement declares it, normalised for comparison.
 *
 * @param name       table name, lowercase
 * @param columns    in declaration order
 * @param primaryKey column names of the primary key, in key order; empty when none
 * @param indexes    secondary keys
 * @param comment    the table comment, or empty string
 * @param createSql  the statement as declared (trimmed, no trailing semicolon)
 */
public record TableDef(String name, List<Column> columns, List<String> primaryKey, List<Index> indexes, String comment, String createSql) {
    public TableDef {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }

    public boolean isSequence() {
        return "vitess_sequence".equals(comment);
    }

    /**
     * A column.
     *
     * @param type          the type as MySQL prints it, lowercase, e.g. {@code bigint}, {@code varbinary(128)}
     * @param defaultValue  the DEFAULT expression as written, or null
     */
    public record Column(String name, String type, boolean notNull, boolean autoIncrement, String defaultValue) {}

    /** A secondary index. */
    public record Index(String name, boolean unique, List<String> columns) {
        public Index {
            columns = List.copyOf(columns);
        }
    }
}
