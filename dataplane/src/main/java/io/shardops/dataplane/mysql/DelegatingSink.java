package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** A sink that passes everything to another; subclasses override what they watch or change. */
public abstract class DelegatingSink implements ResultSink {
    protected final ResultSink target;

    protected DelegatingSink(ResultSink target) {
        this.target = target;
    }

    @Override
    public void ok(OkPacket ok) {
        target.ok(ok);
    }

    @Override
    public void error(MysqlError error) {
        target.error(error);
    }

    @Override
    public void resultSet(ResultSet resultSet) {
        target.resultSet(resultSet);
    }

    @Override
    public void forwardBinaryRows() {
        target.forwardBinaryRows();
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
    }

    @Override
    public void forwardAbort(String reason) {
        target.forwardAbort(reason);
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

    @Override
    public Future<Buffer> localInfile(String fileName, long maxBytes) {
        return target.localInfile(fileName, maxBytes);
    }
}
