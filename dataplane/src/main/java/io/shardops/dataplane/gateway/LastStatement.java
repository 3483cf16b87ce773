package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.QueryConnection;
import io.shardops.dataplane.mysql.ResultSet;
import io.shardops.dataplane.mysql.ResultSink;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a session's last statement left behind, as MySQL keeps it per session: ROW_COUNT() and the
 * diagnostics SHOW WARNINGS lists. Statements run on pooled tablet connections, so the warnings are read
 * from the connection that ran the statement (only when it reported some) before it is given back.
 */
final class LastStatement {
    private static final List<ColumnDefinition> WARNING_COLUMNS = List.of(ColumnDefinition.varchar("Level"),
            ColumnDefinition.bigint("Code"), ColumnDefinition.varchar("Message"));

    private long rowCount = -1;
    private int warningCount;
    private List<byte[][]> warnings = List.of();
    /** Completes once the last statement's warnings are known (read from its tablet connection). */
    private Future<Void> known = Future.succeededFuture();

    long rowCount() {
        return rowCount;
    }

    int warningCount() {
        return warningCount;
    }

    /** The statement's answer is complete (see {@link OutcomeSink}). */
    void note(OutcomeSink o) {
        if (o.error() != null) {
            failed(o.error());
            return;
        }
        rowCount = o.rowCount();
        warningCount = o.warnings();
        warnings = List.of();
        if (warningCount > 0 && o.forwarded()) {
            Promise<Void> read = Promise.promise();
            known = read.future();
            o.readWarningsInto(read);
        } else {
            known = Future.succeededFuture();
        }
    }

    /** The statement failed (at the gateway or a tablet): SHOW WARNINGS lists its error. */
    void failed(MysqlError e) {
        rowCount = -1;
        warningCount = 1;
        warnings = List.<byte[][]>of(new byte[][] {bytes("Error"), bytes(Integer.toString(e.code())), bytes(e.message())});
        known = Future.succeededFuture();
    }

    /** Reads SHOW WARNINGS on the connection that ran the statement; completes {@code read} either way. */
    Future<Void> readWarnings(QueryConnection connection, Promise<Void> read) {
        return connection.queryResultSet("show warnings").<Void>map(rs -> {
            warnings = rs.rows();
            return null;
        }).recover(e -> Future.succeededFuture()).andThen(ar -> read.tryComplete());
    }

    /** SHOW WARNINGS, SHOW ERRORS, SHOW COUNT(*) WARNINGS / ERRORS. */
    void answerWarnings(Route.LastWarnings w, ResultSink sink) {
        known.onComplete(ar -> {
            List<byte[][]> shown = new ArrayList<>();
            for (byte[][] row : warnings) {
                if (!w.errorsOnly() || (row.length > 0 && row[0] != null && "Error".equals(new String(row[0], StandardCharsets.UTF_8)))) {
                    shown.add(row);
                }
            }
            if (w.count()) {
                int n = w.errorsOnly() ? shown.size() : Math.max(warningCount, shown.size());
                sink.resultSet(new ResultSet(List.of(ColumnDefinition.bigint(w.errorsOnly() ? "@@session.error_count" : "@@session.warning_count")),
                        List.<byte[][]>of(new byte[][] {bytes(Integer.toString(n))})));
            } else {
                sink.resultSet(new ResultSet(WARNING_COLUMNS, shown));
            }
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
