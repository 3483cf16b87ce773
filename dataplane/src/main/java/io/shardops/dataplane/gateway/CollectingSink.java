package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.Packets;
import io.shardops.dataplane.mysql.ResultSet;
import io.shardops.dataplane.mysql.ResultSink;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * The answer to a statement the gateway runs for itself (an INSERT of LOAD DATA), as a Future of its OK
 * packet: an error fails it; a result set counts as an OK of no rows.
 */
final class CollectingSink implements ResultSink {
    private final Promise<OkPacket> answer = Promise.promise();
    private OkPacket forwardedOk = OkPacket.EMPTY;
    private MysqlError forwardedError;
    private boolean first = true;

    Future<OkPacket> answer() {
        return answer.future();
    }

    @Override
    public void ok(OkPacket ok) {
        answer.tryComplete(ok);
    }

    @Override
    public void error(MysqlError error) {
        answer.tryFail(error.exception());
    }

    @Override
    public void resultSet(ResultSet resultSet) {
        answer.tryComplete(OkPacket.EMPTY);
    }

    @Override
    public void forwardBinaryRows() {}

    @Override
    public void forwardPacket(Buffer payload) {
        if (first) {
            first = false;
            if (Packets.isOk(payload)) {
                forwardedOk = OkPacket.decode(payload);
            } else if (Packets.isErr(payload)) {
                forwardedError = Packets.decodeErr(payload);
            }
        }
    }

    @Override
    public void forwardFlush() {}

    @Override
    public void forwardEnd() {
        if (forwardedError != null) {
            answer.tryFail(forwardedError.exception());
        } else {
            answer.tryComplete(forwardedOk);
        }
    }

    @Override
    public void forwardAbort(String reason) {
        answer.tryFail(new MysqlError(MysqlError.CR_SERVER_LOST, MysqlError.SQLSTATE_GENERAL, reason).exception());
    }

    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public void drainHandler(Runnable onDrain) {
        onDrain.run();
    }

    @Override
    public boolean clientClosed() {
        return false;
    }
}
