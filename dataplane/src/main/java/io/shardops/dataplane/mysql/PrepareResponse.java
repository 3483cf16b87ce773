package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** Collects a COM_STMT_PREPARE response, as a {@link ResponseTracker} classified it: the statement id, its parameter count and result columns. */
final class PrepareResponse {
    private MysqlError error;
    private long statementId;
    private int paramCount;
    private final List<ColumnDefinition> columns = new ArrayList<>();

    void accept(ResponseTracker.Kind kind, Buffer payload) {
        if (kind == ResponseTracker.Kind.ERR) {
            error = Packets.decodeErr(payload);
        } else if (kind == ResponseTracker.Kind.OK) {
            statementId = payload.getUnsignedIntLE(1);
            paramCount = payload.getUnsignedShortLE(7);
        } else if (kind == ResponseTracker.Kind.ROW) {
            columns.add(ColumnDefinition.decode(payload));  // a result column's definition
        }
    }

    MysqlError error() {
        return error;
    }

    long statementId() {
        return statementId;
    }

    int paramCount() {
        return paramCount;
    }

    List<ColumnDefinition> columns() {
        return List.copyOf(columns);
    }
}
