package io.shardops.dataplane.tablet.query;

import io.shardops.dataplane.mysql.DelegatingSink;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.ResultSet;
import io.shardops.dataplane.mysql.ResultSink;

/** A statement's answer, counted in flight from its admission until the answer is complete (once, however it ends). */
final class AdmittedSink extends DelegatingSink {
    private final ServingControl serving;
    private final int ticket;
    private boolean finished;

    AdmittedSink(ResultSink target, ServingControl serving) {
        super(target);
        this.serving = serving;
        this.ticket = serving.admitted();
    }

    private void finish() {
        if (!finished) {
            finished = true;
            serving.finished(ticket);
        }
    }

    @Override
    public void ok(OkPacket ok) {
        finish();
        super.ok(ok);
    }

    @Override
    public void error(MysqlError error) {
        finish();
        super.error(error);
    }

    @Override
    public void resultSet(ResultSet resultSet) {
        finish();
        super.resultSet(resultSet);
    }

    @Override
    public void forwardEnd() {
        finish();
        super.forwardEnd();
    }

    @Override
    public void forwardAbort(String reason) {
        finish();
        super.forwardAbort(reason);
    }
}
