package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where a {@link SessionHandler} answers one command. Exactly one of {@link #ok}, {@link #error},
 * {@link #resultSet} or a forwarded response ({@link #forwardPacket}... then {@link #forwardEnd})
 * completes the command; later calls are ignored. Every method must be called on the connection's
 * event loop or from a callback of a Future created on it.
 *
 * <p>A forwarded response is the byte-exact packet payloads of a backend's answer to the same kind
 * of command (a backend connection that did not negotiate CLIENT_DEPRECATE_EOF): OK, ERR, or a
 * result set with its column definitions, EOFs and text rows, several of them when
 * SERVER_MORE_RESULTS_EXISTS is set. The server renumbers the packets and, for a prepared
 * statement's execution, converts the text rows to binary rows on the way.
 */
public interface ResultSink {
    void ok(OkPacket ok);

    void error(MysqlError error);

    /** A complete decoded result set, answered as text rows (binary rows for COM_STMT_EXECUTE). */
    void resultSet(ResultSet resultSet);

    /**
     * The forwarded response that follows answers a COM_STMT_EXECUTE passed on as is: its rows are
     * binary already and go to the client unconverted.
     */
    void forwardBinaryRows();

    /** One packet payload of a forwarded response, in order. */
    void forwardPacket(Buffer payload);

    /** Writes what was forwarded so far; call at the end of each network read. */
    void forwardFlush();

    /** The forwarded response is complete; the command is done. */
    void forwardEnd();

    /**
     * The backend broke in the middle of a forwarded response: the client cannot be told in-band,
     * so its connection is closed, as a MySQL server that died would close it.
     */
    void forwardAbort(String reason);

    /** Whether the client is reading slower than we write; the forwarder should pause its source. */
    boolean writeQueueFull();

    /** Called once when the client can take more, or when it went away (so the source can drain). */
    void drainHandler(Runnable onDrain);

    /** Whether the client connection is gone; forwarded packets are then dropped. */
    boolean clientClosed();

    /**
     * LOAD DATA LOCAL INFILE: asks the client for {@code fileName}; the Future has the file's bytes once
     * the client sent them all (fails beyond {@code maxBytes}, or when the client did not enable local
     * infile). The command is then answered as usual.
     */
    default Future<Buffer> localInfile(String fileName, long maxBytes) {
        return Future.failedFuture(MysqlError.notSupported("unsupported: LOAD DATA LOCAL INFILE here").exception());
    }

    /** Answers a failure: a {@link MysqlException}'s own error, else 1105 (HY000) with the message. */
    default void fail(Throwable t) {
        error(MysqlException.toError(t));
    }
}
