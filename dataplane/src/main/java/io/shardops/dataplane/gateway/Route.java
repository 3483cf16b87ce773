package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.ResultSet;
import java.util.List;
import java.util.function.Function;

/** What the gateway does with one statement: the router's decision, as data. */
public sealed interface Route {

    /** One shard answers; its response is forwarded to the client byte for byte. */
    record Forward(ShardQuery query) implements Route {}

    /** Several shards answer a SELECT; their results are merged as {@code merge} says. */
    record Scatter(List<ShardQuery> queries, MergeSpec merge) implements Route {}

    /**
     * Several shards run a write; the client gets the sum of affected rows, or with {@code copies} (a reference
     * table, the same rows on every shard) one shard's count.
     */
    record MultiWrite(List<ShardQuery> queries, boolean copies) implements Route {
        /** A write of different rows on each shard: the affected rows add up. */
        public MultiWrite(List<ShardQuery> queries) {
            this(queries, false);
        }
    }

    /** The gateway answers by itself. */
    record Answer(ResultSet resultSet) implements Route {}

    /** The gateway answers OK by itself (ignored SET, ...). */
    record Ok(OkPacket ok) implements Route {}

    /** {@code select next N values from seq}. */
    record NextValues(SequenceRef sequence, long count) implements Route {}

    /** Reserve {@code count} ids from a sequence, then route what {@code then} makes of them. */
    record WithSequenceIds(SequenceRef sequence, int count, Function<long[], Route> then) implements Route {}

    /** {@code use ...}: changes the session's target. */
    record Use(Target target) implements Route {}

    /** Transaction control, and autocommit switches. */
    record Transaction(Kind kind) implements Route {
        public enum Kind { BEGIN, COMMIT, ROLLBACK, AUTOCOMMIT_ON, AUTOCOMMIT_OFF }
    }

    /**
     * A SET: carried session state is set on a connection to {@code where} (null when nothing needs a backend)
     * and read back; autocommit and next-transaction characteristics are kept by the gateway.
     */
    record SetSession(ShardTarget where, SetStatement set) implements Route {}

    /**
     * {@code SELECT LAST_INSERT_ID()} or {@code SELECT CONNECTION_ID()}: the gateway answers the session's own
     * value (not a pooled backend connection's), labelled {@code label}.
     */
    record SessionValue(Kind kind, String label) implements Route {
        public enum Kind { LAST_INSERT_ID, CONNECTION_ID }
    }

    /** {@code KILL [QUERY|CONNECTION] id}: the gateway's connection id, mapped to the backend connections of that session. */
    record Kill(long connectionId, boolean queryOnly) implements Route {}

    /** A SHOW TABLES-like statement forwarded to one shard, with the column renamed for the keyspace. */
    record ShowTables(ShardQuery query, String keyspace) implements Route {}

    /**
     * Read the names of {@code table}'s columns, in order, from {@code shard} (an INSERT without a column
     * list into a sharded table, as mysqldump writes), then route what {@code then} makes of them.
     */
    record WithColumns(ShardTarget shard, String table, Function<List<String>, Route> then) implements Route {}

    /**
     * Run {@code statements} first, each routed as a client's statement would be (a subquery's), then route
     * what {@code then} makes of their result sets.
     */
    record WithResults(List<String> statements, Function<List<ResultSet>, Route> then) implements Route {}

    /** SAVEPOINT, ROLLBACK TO SAVEPOINT, RELEASE SAVEPOINT: taken on every shard the transaction touches. */
    record Savepoint(String sql) implements Route {}

    /** A SELECT with SQL_CALC_FOUND_ROWS: {@code then} answers it, and FOUND_ROWS() is {@code count} afterwards. */
    record FoundRows(long count, Route then) implements Route {}

    /** SHOW WARNINGS, SHOW ERRORS and their counts: those the session's last statement left. */
    record LastWarnings(boolean errorsOnly, boolean count) implements Route {}

    /** LOAD DATA LOCAL INFILE: the gateway reads the file from the client and routes its rows as INSERTs. */
    record LoadData(LoadDataStatement statement) implements Route {}

    /** A sequence table: the unsharded keyspace that holds it and its table name. */
    record SequenceRef(String keyspace, String table) {}
}
