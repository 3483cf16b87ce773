package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The client-bound answer to one command: framed with the command's sequence numbers, written in
 * batches, with forwarded backend responses converted where the client negotiated otherwise than the
 * backend (binary rows for COM_STMT_EXECUTE, CLIENT_DEPRECATE_EOF). Also receives the file of a
 * LOAD DATA LOCAL INFILE the command asked the client for.
 */
final class ClientResponse implements ResultSink {
    private static final Logger LOG = Logger.getLogger(ClientResponse.class.getName());
    /** Bytes of a built result set held before they are written out. */
    private static final int FLUSH_ABOVE = 64 * 1024;

    /** How the command's answer is written. */
    enum Mode { TEXT, BINARY, FIELD_LIST }

    /** A file the client is sending for LOAD DATA LOCAL INFILE, bounded by {@code maxBytes}. */
    private static final class LocalInfile {
        final Promise<Buffer> content = Promise.promise();
        final long maxBytes;
        final Buffer data = Buffer.buffer();
        boolean overflow;

        LocalInfile(long maxBytes) {
            this.maxBytes = maxBytes;
        }
    }

    private final ServerConnection connection;
    private final NetSocket socket;
    private final Mode mode;
    private final boolean deprecateEof;
    /** The connection's tracker, restarted for this command: follows a forwarded response being converted. */
    private final ResponseTracker tracker;
    private int seq;
    private boolean done;
    private boolean forwarding;
    private boolean binaryRows;  // a backend's answer to a forwarded COM_STMT_EXECUTE
    private boolean gone;
    private Buffer out;
    private Runnable drain;
    private List<ColumnDefinition> columns;
    private LocalInfile infile;
    /**
     * In a multi-statement answer, while a statement that is not the last runs: the results it ends carry
     * SERVER_MORE_RESULTS_EXISTS and its end starts the next statement instead of ending the command.
     */
    private Runnable moreAfter;
    /** In a multi-statement answer: the statement answering now; calls from an earlier one are ignored. */
    private Statement statement;

    ClientResponse(ServerConnection connection, NetSocket socket, int seq, Mode mode, boolean deprecateEof, ResponseTracker tracker) {
        this.connection = connection;
        this.socket = socket;
        this.seq = seq;
        this.mode = mode;
        this.deprecateEof = deprecateEof;
        this.tracker = tracker;
        tracker.restart(ResponseTracker.Shape.QUERY);
    }

    boolean done() {
        return done;
    }

    boolean forwarding() {
        return forwarding;
    }

    private void append(Buffer payload) {
        if (out == null) {
            out = Buffer.buffer(Math.max(256, payload.length() + 64));
        }
        seq = PacketFramer.frame(out, seq, payload);
    }

    private void flush() {
        if (out != null && out.length() > 0 && !gone) {
            socket.write(out);
        }
        out = null;
    }

    private boolean finish() {
        if (done) {
            return false;
        }
        done = true;
        return true;
    }

    private void complete() {
        Runnable next = moreAfter;
        if (next != null && !gone) {
            moreAfter = null;
            if (out != null && out.length() > FLUSH_ABOVE) {
                flush();
            }
            next.run();
            return;
        }
        flush();
        connection.commandAnswered(seq, gone);
    }

    /** The status of a result that ends a statement: with SERVER_MORE_RESULTS_EXISTS when more statements follow. */
    private int ending(int status) {
        return moreAfter != null ? status | ServerStatus.SERVER_MORE_RESULTS_EXISTS : status & ~ServerStatus.SERVER_MORE_RESULTS_EXISTS;
    }

    /**
     * The next statement of a multi-statement answer: the sink its handler answers. {@code next} runs when it
     * ended with a result (not an error), to start the statement after it; null for the last statement.
     */
    ResultSink statement(Runnable next) {
        done = false;
        forwarding = false;
        binaryRows = false;
        columns = null;
        tracker.restart(ResponseTracker.Shape.QUERY);
        moreAfter = next;
        statement = new Statement();
        return statement;
    }

    @Override
    public void ok(OkPacket ok) {
        if (finish()) {
            int status = ending(ok.statusFlags());
            append((status == ok.statusFlags() ? ok : ok.withStatus(status)).encode());
            complete();
        }
    }

    @Override
    public void error(MysqlError error) {
        if (finish()) {
            moreAfter = null;  // an error ends a multi-statement answer
            append(Packets.err(error));
            complete();
        }
    }

    @Override
    public void resultSet(ResultSet rs) {
        if (!finish()) {
            return;
        }
        int status = ServerStatus.SERVER_STATUS_AUTOCOMMIT;
        if (mode == Mode.FIELD_LIST) {
            for (ColumnDefinition c : rs.columns()) {
                append(c.encode());
            }
            append(Packets.eof(0, status));
            complete();
            return;
        }
        append(Packets.columnCount(rs.columns().size()));
        for (ColumnDefinition c : rs.columns()) {
            append(c.encode());
        }
        if (!deprecateEof) {
            append(Packets.eof(0, status));
        }
        for (byte[][] row : rs.rows()) {
            append(mode == Mode.BINARY ? BinaryRows.encode(rs.columns(), row) : Packets.textRow(row));
            if (out.length() > FLUSH_ABOVE) {
                flush();
            }
        }
        status = ending(status);
        append(deprecateEof ? new OkPacket(0, 0, status, rs.warnings(), "").encode(Packets.EOF_HEADER)
                : Packets.eof(rs.warnings(), status));
        complete();
    }

    @Override
    public void forwardBinaryRows() {
        binaryRows = true;
    }

    /** LOAD DATA LOCAL INFILE: the 0xFB request now; the client's packets until an empty one are the file. */
    @Override
    public Future<Buffer> localInfile(String fileName, long maxBytes) {
        if (done || infile != null || !connection.clientHas(CapabilityFlags.CLIENT_LOCAL_FILES)) {
            return Future.failedFuture(new MysqlError(MysqlError.ER_NOT_ALLOWED_COMMAND, "42000",
                    "LOAD DATA LOCAL INFILE: the client did not enable local infile (mysql --local-infile=1,"
                            + " Connector/J allowLoadLocalInfile=true)").exception());
        }
        infile = new LocalInfile(maxBytes);
        append(Buffer.buffer(fileName.length() + 1).appendByte((byte) Packets.LOCAL_INFILE_HEADER)
                .appendBytes(fileName.getBytes(StandardCharsets.UTF_8)));
        flush();
        connection.awaitLocalInfile();
        return infile.content.future();
    }

    /** One packet of the file the client sends; the empty one ends it. */
    void infileData(int packetSeq, Buffer payload) {
        LocalInfile in = infile;
        if (payload.length() > 0) {
            if (in.data.length() + payload.length() <= in.maxBytes) {
                in.data.appendBuffer(payload);
            } else {
                in.overflow = true;  // keep reading to the end so the connection stays in step
            }
            return;
        }
        infile = null;
        seq = (packetSeq + 1) & 0xff;
        connection.localInfileReceived();
        if (in.overflow) {
            in.content.fail(MysqlError.notSupported("unsupported: LOAD DATA LOCAL INFILE of more than " + in.maxBytes
                    + " bytes through the gateway; split the file").exception());
        } else {
            in.content.complete(in.data);
        }
    }

    @Override
    public void forwardPacket(Buffer payload) {
        if (done) {
            return;
        }
        forwarding = true;
        if (moreAfter == null && (mode == Mode.FIELD_LIST || (!deprecateEof && (mode == Mode.TEXT || binaryRows)))) {
            append(payload);
            return;
        }
        convert(payload);
    }

    /** A forwarded packet rewritten for this client: text rows to binary, EOFs dropped or turned into OKs. */
    private void convert(Buffer payload) {
        if (tracker.done()) {
            tracker.restart(ResponseTracker.Shape.QUERY);  // as before: a packet after the end starts a response again
        }
        switch (tracker.next(payload)) {
            case OK -> append(tracker.done() && moreAfter != null ? Packets.withStatus(payload, ending(tracker.lastStatus())) : payload);
            case ERR -> {
                moreAfter = null;
                append(payload);
            }
            case COLUMN_COUNT -> {
                columns = new ArrayList<>();
                append(payload);
            }
            case COLUMN -> {
                if (mode == Mode.BINARY && !binaryRows) {
                    columns.add(ColumnDefinition.decode(payload));  // only text rows turned binary need the types
                }
                append(payload);
            }
            case COLUMNS_END -> {
                if (!deprecateEof) {
                    append(payload);
                }
            }
            case ROW -> append(mode == Mode.BINARY && !binaryRows
                    ? BinaryRows.encode(columns, Packets.decodeTextRow(payload, columns.size())) : payload);
            case RESULT_END -> {
                int status = tracker.done() ? ending(tracker.lastStatus()) : tracker.lastStatus();
                append(deprecateEof ? new OkPacket(0, 0, status, payload.getUnsignedShortLE(1), "").encode(Packets.EOF_HEADER)
                        : status == tracker.lastStatus() ? payload : Packets.withStatus(payload, status));
            }
        }
    }

    @Override
    public void forwardFlush() {
        flush();
    }

    @Override
    public void forwardEnd() {
        if (finish()) {
            complete();
        }
    }

    @Override
    public void forwardAbort(String reason) {
        if (finish()) {
            LOG.info("connection " + connection.id() + ": closing, backend failed mid-response: " + reason);
            out = null;
            if (!forwarding) {
                append(Packets.err(MysqlError.unknown(reason)));
                flush();
            }
            connection.closeNow();
        }
    }

    @Override
    public boolean writeQueueFull() {
        return !gone && socket.writeQueueFull();
    }

    @Override
    public void drainHandler(Runnable onDrain) {
        if (gone) {
            onDrain.run();
            return;
        }
        drain = onDrain;
        socket.drainHandler(v -> {
            Runnable d = drain;
            drain = null;
            if (d != null) {
                d.run();
            }
        });
    }

    @Override
    public boolean clientClosed() {
        return gone;
    }

    /**
     * One statement's sink in a multi-statement answer: passes on to the answer while its statement is the
     * one answering, so a late call from a statement that already ended cannot land in the next one's result.
     */
    private final class Statement implements ResultSink {
        private boolean current() {
            return statement == this;
        }

        boolean done() {
            return !current() || ClientResponse.this.done;
        }

        boolean forwarding() {
            return current() && ClientResponse.this.forwarding;
        }

        @Override
        public void ok(OkPacket ok) {
            if (current()) {
                ClientResponse.this.ok(ok);
            }
        }

        @Override
        public void error(MysqlError error) {
            if (current()) {
                ClientResponse.this.error(error);
            }
        }

        @Override
        public void resultSet(ResultSet rs) {
            if (current()) {
                ClientResponse.this.resultSet(rs);
            }
        }

        @Override
        public void forwardBinaryRows() {
            if (current()) {
                ClientResponse.this.forwardBinaryRows();
            }
        }

        @Override
        public void forwardPacket(Buffer payload) {
            if (current()) {
                ClientResponse.this.forwardPacket(payload);
            }
        }

        @Override
        public void forwardFlush() {
            if (current()) {
                ClientResponse.this.forwardFlush();
            }
        }

        @Override
        public void forwardEnd() {
            if (current()) {
                ClientResponse.this.forwardEnd();
            }
        }

        @Override
        public void forwardAbort(String reason) {
            if (current()) {
                ClientResponse.this.forwardAbort(reason);
            }
        }

        @Override
        public boolean writeQueueFull() {
            return current() && ClientResponse.this.writeQueueFull();
        }

        @Override
        public void drainHandler(Runnable onDrain) {
            if (current()) {
                ClientResponse.this.drainHandler(onDrain);
            } else {
                onDrain.run();
            }
        }

        @Override
        public boolean clientClosed() {
            return !current() || ClientResponse.this.clientClosed();
        }

        @Override
        public Future<Buffer> localInfile(String fileName, long maxBytes) {
            return current() ? ClientResponse.this.localInfile(fileName, maxBytes)
                    : Future.failedFuture(MysqlError.unknown("the statement already ended").exception());
        }
    }

    /** Whether {@code sink}, this answer or one statement of it, has ended its answer. */
    boolean done(ResultSink sink) {
        return sink instanceof Statement st ? st.done() : done;
    }

    /** Whether {@code sink}, this answer or one statement of it, is forwarding a backend's answer. */
    boolean forwarding(ResultSink sink) {
        return sink instanceof Statement st ? st.forwarding() : forwarding;
    }

    void clientGone() {
        gone = true;
        out = null;
        Runnable d = drain;
        drain = null;
        if (d != null) {
            d.run();
        }
    }
}
