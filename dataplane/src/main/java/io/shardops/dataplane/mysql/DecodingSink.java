package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * A {@link ResultSink} that keeps the answer instead of sending it: for a caller that wants a
 * statement's results as values from a session that answers clients (a tablet's query service run
 * in process). Forwarded packets are decoded as {@link BackendConnection#query} decodes them.
 */
public final class DecodingSink implements ResultSink {
    private final ResponseTracker tracker = new ResponseTracker(ResponseTracker.Shape.QUERY);
    private final ResponseDecoder decoder = new ResponseDecoder();
    private final Promise<List<QueryResponse>> result = Promise.promise();

    /** The results, or a {@link MysqlException} with the error answered. */
    public Future<List<QueryResponse>> results() {
        return result.future();
    }

    @Override
    public void ok(OkPacket ok) {
        decoder.add(ok);
        result.tryComplete(decoder.results());
    }

    @Override
    public void error(MysqlError error) {
        result.tryFail(error.exception());
    }

    @Override
    public void resultSet(ResultSet resultSet) {
        decoder.add(resultSet);
        result.tryComplete(decoder.results());
    }

    @Override
    public void forwardBinaryRows() {
        throw new UnsupportedOperationException("a decoding sink reads text rows only; decode a statement's execution elsewhere");
    }

    @Override
    public void forwardPacket(Buffer payload) {
        if (result.future().isComplete()) {
            return;
        }
        try {
            decoder.accept(tracker.next(payload), payload);
        } catch (MalformedPacketException e) {
            result.tryFail(MysqlError.unknown(e.getMessage()).exception());
        }
    }

    @Override
    public void forwardFlush() {}

    @Override
    public void forwardEnd() {
        if (decoder.error() != null) {
            result.tryFail(decoder.error().exception());
        } else {
            result.tryComplete(decoder.results());
        }
    }

    @Override
    public void forwardAbort(String reason) {
        result.tryFail(new MysqlError(MysqlError.CR_SERVER_LOST, MysqlError.SQLSTATE_GENERAL, reason).exception());
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
