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
        flush();
        connection.commandAnswered(seq, gone);
    }

    @Override
    public void ok(OkPacket ok) {
        if (finish()) {
            append(ok.encode());
            complete();
        }
    }

    @Override
    public void error(MysqlError error) {
        if (finish()) {
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
        if (mode == Mode.FIELD_LIST || (!deprecateEof && (mode == Mode.TEXT || binaryRows))) {
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
            case OK, ERR -> append(payload);
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
            case RESULT_END -> append(deprecateEof
                    ? new OkPacket(0, 0, tracker.lastStatus(), payload.getUnsignedShortLE(1), "").encode(Packets.EOF_HEADER)
                    : payload);
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
