package io.shardops.dataplane.mysql;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.function.BiConsumer;

/**
 * One command sent on a {@link BackendConnection} and its response: streamed raw into a {@link ResultSink},
 * or handed packet by packet, as its tracker classified them, to a decoder.
 */
final class BackendRequest {
    final Buffer command;
    final ResponseTracker tracker;
    final ResultSink sink;
    final BiConsumer<ResponseTracker.Kind, Buffer> decoder;
    final Promise<Void> done = Promise.promise();
    boolean started;

    BackendRequest(Buffer command, ResponseTracker tracker, ResultSink sink, BiConsumer<ResponseTracker.Kind, Buffer> decoder) {
        this.command = command;
        this.tracker = tracker;
        this.sink = sink;
        this.decoder = decoder;
    }

    void failBeforeStart(String reason) {
        MysqlError e = new MysqlError(MysqlError.CR_SERVER_LOST, MysqlError.SQLSTATE_GENERAL, reason);
        if (sink != null) {
            sink.error(e);
        }
        done.tryFail(e.exception());
    }

    void failMidway(String reason) {
        if (sink != null) {
            if (started) {
                sink.forwardAbort(reason);
            } else {
                sink.error(new MysqlError(MysqlError.CR_SERVER_LOST, MysqlError.SQLSTATE_GENERAL, reason));
            }
        }
        done.tryFail(new MysqlError(MysqlError.CR_SERVER_LOST, MysqlError.SQLSTATE_GENERAL, reason).exception());
    }
}
