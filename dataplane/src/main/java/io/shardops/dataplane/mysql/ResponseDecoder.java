package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** Collects a COM_QUERY response, packet by packet as a {@link ResponseTracker} classified them, into results. */
public final class ResponseDecoder {
    private final List<QueryResponse> results = new ArrayList<>();
    private MysqlError error;
    private List<ColumnDefinition> columns;
    private List<byte[][]> rows;

    public void accept(ResponseTracker.Kind kind, Buffer payload) {
        switch (kind) {
            case OK -> results.add(OkPacket.decode(payload));
            case ERR -> error = Packets.decodeErr(payload);
            case COLUMN_COUNT -> {
                columns = new ArrayList<>();
                rows = new ArrayList<>();
            }
            case COLUMN -> {
                if (columns != null) {
                    columns.add(ColumnDefinition.decode(payload));
                }
            }
            case COLUMNS_END -> { }
            case ROW -> rows.add(Packets.decodeTextRow(payload, columns.size()));
            case RESULT_END -> {
                results.add(new ResultSet(columns, rows, payload.length() >= 3 ? payload.getUnsignedShortLE(1) : 0));
                columns = null;
                rows = null;
            }
        }
    }

    /** A result answered whole rather than as packets. */
    public void add(QueryResponse response) {
        results.add(response);
    }

    public void fail(MysqlError e) {
        error = e;
    }

    /** The server's error, if it sent one. */
    public MysqlError error() {
        return error;
    }

    public List<QueryResponse> results() {
        return results;
    }
}
