package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/** Passes an answer through to another sink and tells, by {@link #done()}, when the command has been answered. */
public final class NotifyingSink implements ResultSink {
    private final ResultSink target;
    private final Promise<Void> done = Promise.promise();

    public NotifyingSink(ResultSink target) {
        this.target = target;
    }

    /** Completes once the answer is complete (fails if the source broke mid-answer). */
    public Future<Void> done() {
        return done.future();
    }

    @Override
    public void ok(OkPacket ok) {
        target.ok(ok);
        done.tryComplete();
    }

    @Override
    public void error(MysqlError error) {
        target.error(error);
        done.tryComplete();
    }

    @Override
    public void resultSet(ResultSet resultSet) {
        target.resultSet(resultSet);
        done.tryComplete();
    }

    @Override
    public void forwardPacket(Buffer payload) {
        target.forwardPacket(payload);
    }

    @Override
    public void forwardFlush() {
        target.forwardFlush();
    }

    @Override
    public void forwardEnd() {
        target.forwardEnd();
        done.tryComplete();
    }

    @Override
    public void forwardAbort(String reason) {
        target.forwardAbort(reason);
        done.tryFail(new MysqlError(MysqlError.CR_SERVER_LOST, MysqlError.SQLSTATE_GENERAL, reason).exception());
    }

    @Override
    public boolean writeQueueFull() {
        return target.writeQueueFull();
    }

    @Override
    public void drainHandler(Runnable onDrain) {
        target.drainHandler(onDrain);
    }

    @Override
    public boolean clientClosed() {
        return target.clientClosed();
    }
}
