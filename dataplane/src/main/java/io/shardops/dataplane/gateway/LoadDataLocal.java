package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.ResultSink;
import io.shardops.spec.sql.Sql;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * LOAD DATA LOCAL INFILE at the gateway: the file is read from the client (bounded), split into rows as
 * MySQL splits them, and inserted as multi-row INSERTs that the router routes like any other (rows of a
 * sharded table to their vindex's shard, sequence ids filled), one statement after another.
 */
final class LoadDataLocal {
    /** The largest file the gateway takes; it holds the file in memory while it inserts it. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    /** Roughly how much SQL text one INSERT carries, below the parse bound of the router. */
    static final int STATEMENT_BYTES = 64 * 1024;
    private static final Pattern BARE_INTEGER = Pattern.compile("-?(?:0|[1-9][0-9]{0,19})");

    private LoadDataLocal() {}

    /**
     * Reads the file, then runs its INSERTs with {@code insert} (routes and executes one statement, giving its OK),
     * and answers the client with an OK of the rows inserted, its status flags set by {@code status}.
     */
    static void run(LoadDataStatement statement, ResultSink sink, Function<String, Future<OkPacket>> insert,
                    UnaryOperator<OkPacket> status) {
        sink.localInfile(statement.fileName(), MAX_FILE_BYTES).compose(file -> {
            List<byte[][]> rows;
            try {
                rows = LoadDataRows.split(file.getBytes(), statement);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            return insertAll(statement, rows, insert);
        }).onSuccess(ok -> sink.ok(status.apply(ok))).onFailure(sink::fail);
    }

    private static Future<OkPacket> insertAll(LoadDataStatement s, List<byte[][]> rows, Function<String, Future<OkPacket>> insert) {
        List<String> statements = new ArrayList<>();
        String head = (s.modifier().equals("replace") ? "replace" : s.modifier().equals("ignore") ? "insert ignore" : "insert")
                + " into " + s.table() + (s.columns().isEmpty() ? "" : " (" + String.join(", ", s.columns()) + ")") + " values ";
        StringBuilder sql = new StringBuilder(head);
        int inStatement = 0;
        for (int r = 0; r < rows.size(); r++) {
            byte[][] row = rows.get(r);
            if (!s.columns().isEmpty() && row.length != s.columns().size()) {
                return Future.failedFuture(LoadDataStatement.unsupported("LOAD DATA line " + (r + 1 + s.ignoreLines()) + " has "
                        + row.length + " fields for " + s.columns().size() + " columns; give every column a field"));
            }
            StringBuilder values = new StringBuilder("(");
            for (int f = 0; f < row.length; f++) {
                values.append(f == 0 ? "" : ", ").append(literal(row[f]));
            }
            values.append(')');
            if (inStatement > 0 && sql.length() + values.length() > STATEMENT_BYTES) {
                statements.add(sql.toString());
                sql = new StringBuilder(head);
                inStatement = 0;
            }
            sql.append(inStatement == 0 ? "" : ", ").append(values);
            inStatement++;
        }
        if (inStatement > 0) {
            statements.add(sql.toString());
        }
        long[] records = {0};
        Future<Void> chain = Future.succeededFuture();
        for (String one : statements) {
            chain = chain.compose(v -> insert.apply(one).map(ok -> {
                records[0] += ok.affectedRows();
                return null;
            }));
        }
        return chain.transform(ar -> {
            if (ar.failed()) {
                MysqlError e = MysqlException.toError(ar.cause());
                return Future.failedFuture(new MysqlError(e.code(), e.sqlState(), "LOAD DATA stopped after " + records[0]
                        + " rows were inserted: " + e.message()).exception());
            }
            // no info text ("Records: N ..."): MariaDB's client library reads it length-encoded, MySQL's to the end
            return Future.succeededFuture(new OkPacket(records[0], 0, 0, 0, ""));
        });
    }

    /** A field as SQL: NULL, a bare integer (so an integer vindex column routes by its value), else a literal of its exact bytes. */
    private static String literal(byte[] field) {
        if (field == null) {
            return "NULL";
        }
        String text = new String(field, StandardCharsets.ISO_8859_1);
        if (field.length <= 21 && BARE_INTEGER.matcher(text).matches()) {
            return text;
        }
        return Sql.literal(field);
    }
}
