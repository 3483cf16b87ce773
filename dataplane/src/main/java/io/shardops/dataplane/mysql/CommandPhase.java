package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A logged-in connection's commands, one at a time: each is decoded, handed to the session's
 * {@link SessionHandler} and answered through a {@link ClientResponse}. Holds the connection's
 * prepared statements.
 */
final class CommandPhase {
    private static final Logger LOG = Logger.getLogger(CommandPhase.class.getName());

    private final ServerConnection c;
    private final Map<Long, PreparedStatement> statements = new HashMap<>();
    private long nextStatementId = 1;

    CommandPhase(ServerConnection connection) {
        this.c = connection;
    }

    void command(int seq, Buffer payload) {
        if (payload.length() == 0) {
            throw new MalformedPacketException("empty command packet");
        }
        int command = payload.getUnsignedByte(0);
        PayloadReader r = new PayloadReader(payload, 1);
        int respSeq = (seq + 1) & 0xff;
        SessionHandler handler = c.handler;
        switch (command) {
            case Commands.COM_QUIT -> c.closeNow();
            case Commands.COM_QUERY -> run(respSeq, ClientResponse.Mode.TEXT, sink -> handler.query(r.restStatement(), sink));
            case Commands.COM_INIT_DB -> run(respSeq, ClientResponse.Mode.TEXT, sink -> handler.initDb(r.restString(), sink));
            case Commands.COM_PING -> run(respSeq, ClientResponse.Mode.TEXT, sink -> handler.ping(sink));
            case Commands.COM_FIELD_LIST -> {
                String table = new String(r.nulBytes(), StandardCharsets.UTF_8);
                String wildcard = r.restString();
                run(respSeq, ClientResponse.Mode.FIELD_LIST, sink -> handler.fieldList(table, wildcard, sink));
            }
            case Commands.COM_STMT_PREPARE -> prepare(respSeq, r.restStatement());
            case Commands.COM_STMT_EXECUTE -> {
                PreparedStatement ps = statements.get(r.u32());
                if (ps == null) {
                    run(respSeq, ClientResponse.Mode.TEXT, sink -> sink.error(new MysqlError(MysqlError.ER_UNKNOWN_STMT_HANDLER,
                            MysqlError.SQLSTATE_GENERAL, "Unknown prepared statement handler given to mysqld_stmt_execute")));
                    return;
                }
                if (ps.hasLongData()) {
                    String sql = ps.bind(r);  // long data is only ever bound as text
                    run(respSeq, ClientResponse.Mode.BINARY, sink -> handler.query(sql, sink));
                } else {
                    Buffer params = ps.executeParams(r);
                    run(respSeq, ClientResponse.Mode.BINARY, sink -> handler.execute(ps, params, sink));
                }
            }
            case Commands.COM_STMT_SEND_LONG_DATA -> {
                PreparedStatement ps = statements.get(r.u32());
                int param = r.u16();
                if (ps != null) {
                    ps.appendLongData(param, payload.slice(r.position(), payload.length()));
                }
            }
            case Commands.COM_STMT_CLOSE -> statements.remove(r.u32());
            case Commands.COM_STMT_RESET -> {
                PreparedStatement ps = statements.get(r.u32());
                if (ps != null) {
                    ps.reset();
                }
                c.write(respSeq, OkPacket.EMPTY.encode());
            }
            case Commands.COM_SET_OPTION -> c.write(respSeq, Packets.eof(0, ServerStatus.SERVER_STATUS_AUTOCOMMIT));
            case Commands.COM_RESET_CONNECTION -> {
                statements.clear();
                run(respSeq, ClientResponse.Mode.TEXT, sink -> handler.reset().onComplete(ar -> {
                    if (ar.succeeded()) {
                        sink.ok(OkPacket.EMPTY);
                    } else {
                        sink.fail(ar.cause());
                    }
                }));
            }
            case Commands.COM_STATISTICS -> c.write(respSeq, Buffer.buffer("Uptime: 0  Threads: 1  Questions: 0"));
            default -> c.write(respSeq, Packets.err(new MysqlError(MysqlError.ER_UNKNOWN_COM_ERROR, "08S01",
                    "Unknown command " + command)));
        }
    }

    /** COM_STMT_PREPARE: the statement's metadata from the handler, parameters described as strings. */
    private void prepare(int respSeq, String sql) {
        long id = nextStatementId++;
        PreparedStatement ps = new PreparedStatement(id, sql);
        c.busy();
        c.handler.describe(sql).onComplete(ar -> {
            if (c.state == ServerConnection.State.CLOSED) {
                return;
            }
            if (ar.failed()) {
                c.write(respSeq, Packets.err(MysqlException.toError(ar.cause())));
                c.becomeReady();
                return;
            }
            statements.put(id, ps);
            List<ColumnDefinition> columns = ar.result();
            boolean eofs = !c.clientHas(CapabilityFlags.CLIENT_DEPRECATE_EOF);
            Buffer out = Buffer.buffer();
            Buffer ok = Buffer.buffer(12).appendByte((byte) 0).appendUnsignedIntLE(id)
                    .appendUnsignedShortLE(columns.size()).appendUnsignedShortLE(ps.paramCount())
                    .appendByte((byte) 0).appendUnsignedShortLE(0);
            int seq = PacketFramer.frame(out, respSeq, ok);
            if (ps.paramCount() > 0) {
                ColumnDefinition param = new ColumnDefinition("", "", "", "?", "", ColumnDefinition.BINARY_COLLATION, 0,
                        ColumnType.MYSQL_TYPE_VAR_STRING, 0, 0);
                Buffer encoded = param.encode();
                for (int i = 0; i < ps.paramCount(); i++) {
                    seq = PacketFramer.frame(out, seq, encoded);
                }
                if (eofs) {
                    seq = PacketFramer.frame(out, seq, Packets.eof(0, ServerStatus.SERVER_STATUS_AUTOCOMMIT));
                }
            }
            if (!columns.isEmpty()) {
                for (ColumnDefinition col : columns) {
                    seq = PacketFramer.frame(out, seq, col.encode());
                }
                if (eofs) {
                    seq = PacketFramer.frame(out, seq, Packets.eof(0, ServerStatus.SERVER_STATUS_AUTOCOMMIT));
                }
            }
            c.nextSeq = seq;
            c.socket.write(out);
            c.becomeReady();
        });
    }

    /** Runs one command's handler with the answer it writes to; a handler that throws gets its answer failed. */
    private void run(int respSeq, ClientResponse.Mode mode, Consumer<ResultSink> body) {
        c.busy();
        ClientResponse sink = new ClientResponse(c, c.socket, respSeq, mode, c.clientHas(CapabilityFlags.CLIENT_DEPRECATE_EOF), c.tracker);
        c.current = sink;
        try {
            body.accept(sink);
        } catch (MalformedPacketException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection " + c.connectionId + ": handler failed", e);
            if (!sink.done()) {
                if (sink.forwarding()) {
                    sink.forwardAbort("internal error: " + e);
                } else {
                    sink.fail(e);
                }
            }
        }
    }
}
