package io.shardops.spec.schema;

import java.util.List;
import java.util.Optional;

/**
 * A table as a CREATE TABLE statement declares it, normalised for comparison.
 *
 * @param name        table name, lowercase
 * @param columns     in declaration order
 * @param primaryKey  column names of the primary key, in key order; empty when none
 * @param indexes     secondary keys
 * @param comment     the table comment, or empty string
 * @param createSql   the statement as declared (trimmed, no trailing semicolon)
 * @param charset     the table's declared character set (from {@code CHARSET}/{@code CHARACTER SET} or its
 *                    {@code COLLATE}), lowercase; empty when it takes the server's (utf8mb4)
 * @param foreignKeys the declared foreign keys, in order
 */
public record TableDef(String name, List<Column> columns, List<String> primaryKey, List<Index> indexes, String comment, String createSql,
        String charset, List<ForeignKey> foreignKeys) {
    public TableDef {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        charset = charset == null ? "" : charset;
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** A table without a declared character set or foreign keys (as the live schema records it). */
    public TableDef(String name, List<Column> columns, List<String> primaryKey, List<Index> indexes, String comment, String createSql) {
        this(name, columns, primaryKey, indexes, comment, createSql, "", List.of());
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
     * @param charset       the column's declared character set, lowercase; empty when it takes the table's
     */
    public record Column(String name, String type, boolean notNull, boolean autoIncrement, String defaultValue, String charset) {
        public Column {
            charset = charset == null ? "" : charset;
        }

        public Column(String name, String type, boolean notNull, boolean autoIncrement, String defaultValue) {
            this(name, type, notNull, autoIncrement, defaultValue, "");
        }
    }

    /** A secondary index. */
    public record Index(String name, boolean unique, List<String> columns) {
        public Index {
            columns = List.copyOf(columns);
        }
    }

    /**
     * A foreign key.
     *
     * @param columns           the referencing columns, lowercase
     * @param referencedTable   the referenced table, lowercase, as written ({@code table} or {@code database.table})
     * @param referencedColumns the referenced columns, lowercase
     */
    public record ForeignKey(List<String> columns, String referencedTable, List<String> referencedColumns) {
        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }
}
