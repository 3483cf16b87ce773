package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/** Passes an answer through to another sink and tells, by {@link #done()}, when the command has been answered. */
public final class NotifyingSink extends DelegatingSink {
    private final Promise<Void> done = Promise.promise();

    public NotifyingSink(ResultSink target) {
        super(target);
    }

    /** Completes once the answer is complete (fails if the source broke mid-answer). */
    public Future<Void> done() {
        return done.future();
    }

    @Override
    public void ok(OkPacket ok) {
        super.ok(ok);
        done.tryComplete();
    }

    @Override
    public void error(MysqlError error) {
        super.error(error);
        done.tryComplete();
    }

    @Override
    public void resultSet(ResultSet resultSet) {
        super.resultSet(resultSet);
        done.tryComplete();
    }

    @Override
    public void forwardEnd() {
        super.forwardEnd();
        done.tryComplete();
    }

    @Override
    public void forwardAbort(String reason) {
        super.forwardAbort(reason);
        done.tryFail(new MysqlError(MysqlError.CR_SERVER_LOST, MysqlError.SQLSTATE_GENERAL, reason).exception());
    }
}
