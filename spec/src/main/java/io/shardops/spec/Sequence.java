package io.shardops.spec;

/**
 * A Vitess sequence table: one row (id 0) holding the next id and the cache size.
 * Created as {@code create table NAME(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence'}.
 */
public record Sequence(String name, long start, long cache) {
    public String createTableSql() {
        return "create table " + name + "(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence'";
    }

    public String initialRowSql() {
        return "insert into " + name + "(id, next_id, cache) values(0, " + start + ", " + cache + ")";
    }
}
