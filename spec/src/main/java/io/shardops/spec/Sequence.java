package io.shardops.spec;

import io.shardops.spec.sql.Sql;

/**
 * A Vitess sequence table: one row (id 0) holding the next id and the cache size.
 * Created as {@code create table `NAME`(id int, next_id bigint, cache bigint, primary key(id)) comment 'vitess_sequence'}.
 */
public record Sequence(String name, long start, long cache) {
    public String createTableSql() {
        return "create table " + Sql.identifier(name) + "(id int, next_id bigint, cache bigint, primary key(id)) comment " + Sql.literal("vitess_sequence");
    }

    public String initialRowSql() {
        return "insert into " + Sql.identifier(name) + "(id, next_id, cache) values(0, " + start + ", " + cache + ")";
    }
}
