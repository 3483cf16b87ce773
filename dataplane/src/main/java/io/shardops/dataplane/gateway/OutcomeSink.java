package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.DelegatingSink;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.Packets;
import io.shardops.dataplane.mysql.ResultSet;
import io.shardops.dataplane.mysql.ResultSink;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Passes a statement's answer on and notes what MySQL keeps for the session's next statement:
 * {@code ROW_COUNT()} (affected rows of an OK, -1 after a result set or an error) and the warning count
 * (which tells whether the backend connection's SHOW WARNINGS is worth reading before it is given back).
 */
final class OutcomeSink extends DelegatingSink {
    private long rowCount = -1;
    private int warnings;
    private MysqlError error;
    /** The warning count of the last packet forwarded if it was an EOF (what ends a result set), else -1. */
    private int lastEofWarnings = -1;
    private boolean first = true;
    /** Of a forwarded result set: its column count (-1 until one is seen), the packets after the first, and
     *  whether an EOF follows the column definitions (a client without CLIENT_DEPRECATE_EOF). */
    private long columns = -1;
    private long packetsAfterFirst;
    private boolean eofAfterColumns;
    private long rowsSent = -1;
    private boolean forwarded;
    private final Consumer<OutcomeSink> done;
    private Promise<Void> warningsToRead;

    /** @param done called once the answer is complete, before the client has it (its next statement comes after) */
    OutcomeSink(ResultSink target, Consumer<OutcomeSink> done) {
        super(target);
        this.done = done;
    }

    /** Whether the answer came from one backend connection (so its SHOW WARNINGS has the messages). */
    boolean forwarded() {
        return forwarded;
    }

    /** Set by the session when the backend connection's warnings are to be read before it is given back. */
    void readWarningsInto(Promise<Void> read) {
        warningsToRead = read;
    }

    Promise<Void> warningsToRead() {
        return warningsToRead;
    }

    long rowCount() {
        return rowCount;
    }

    int warnings() {
        return warnings;
    }

    /** The rows of the result set the statement answered (FOUND_ROWS()); -1 when it answered none. */
    long rowsSent() {
        return rowsSent;
    }

    /** The error the statement ended with, or null. */
    MysqlError error() {
        return error;
    }

    @Override
    public void ok(OkPacket ok) {
        rowCount = ok.affectedRows();
        warnings = ok.warnings();
        done.accept(this);
        super.ok(ok);
    }

    @Override
    public void error(MysqlError failure) {
        error = failure;
        done.accept(this);
        super.error(failure);
    }

    @Override
    public void resultSet(ResultSet resultSet) {
        warnings = resultSet.warnings();
        rowsSent = resultSet.rows().size();
        done.accept(this);
        super.resultSet(resultSet);
    }

    @Override
    public void forwardPacket(Buffer payload) {
        forwarded = true;
        if (first) {
            first = false;
            if (Packets.isOk(payload)) {
                OkPacket ok = OkPacket.decode(payload);
                rowCount = ok.affectedRows();
                warnings = ok.warnings();
            } else if (Packets.isErr(payload)) {
                error = Packets.decodeErr(payload);
            } else if (payload.length() > 0 && (payload.getUnsignedByte(0) < 0xFB)) {
                columns = payload.getUnsignedByte(0);  // a result set's column count (under 251: one byte)
            }
        } else if (columns >= 0) {
            packetsAfterFirst++;
            if (packetsAfterFirst == columns + 1 && payload.length() < 9 && Packets.isEof(payload)) {
                eofAfterColumns = true;
            }
        }
        // only an EOF is read later: its warning count is kept, not a copy of the packet
        lastEofWarnings = payload.length() < 9 && payload.length() >= 3 && Packets.isEof(payload) ? payload.getUnsignedShortLE(1) : -1;
        super.forwardPacket(payload);
    }

    @Override
    public void forwardEnd() {
        if (lastEofWarnings >= 0) {
            warnings = lastEofWarnings;  // the EOF that ends a result set carries its warning count
        }
        lastEofWarnings = -1;
        if (columns >= 0 && error == null) {
            // header, definitions, [EOF,] rows, then the EOF or OK that ends them
            rowsSent = Math.max(0, packetsAfterFirst - columns - (eofAfterColumns ? 1 : 0) - 1);
        }
        done.accept(this);
        super.forwardEnd();
    }
}
