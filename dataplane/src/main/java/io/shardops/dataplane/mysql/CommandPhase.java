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
    /** COM_SET_OPTION's options. */
    static final int MYSQL_OPTION_MULTI_STATEMENTS_ON = 0;
    static final int MYSQL_OPTION_MULTI_STATEMENTS_OFF = 1;
    static final int ER_STMT_HAS_NO_OPEN_CURSOR = 1421;
    static final int ER_SPECIFIC_ACCESS_DENIED_ERROR = 1227;

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
            case Commands.COM_QUERY -> query(respSeq, r.restStatement());
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
            case Commands.COM_SET_OPTION -> {
                int option = r.u16();
                if (option == MYSQL_OPTION_MULTI_STATEMENTS_ON || option == MYSQL_OPTION_MULTI_STATEMENTS_OFF) {
                    c.multiStatements = option == MYSQL_OPTION_MULTI_STATEMENTS_ON;
                    c.write(respSeq, eof(handler.serverStatus()));
                } else {
                    c.write(respSeq, Packets.err(new MysqlError(MysqlError.ER_UNKNOWN_COM_ERROR, MysqlError.SQLSTATE_CONNECTION, "Unknown command")));
                }
            }
            case Commands.COM_STMT_FETCH -> {
                // an execution never opens a cursor (its answer is the whole result, SERVER_STATUS_CURSOR_EXISTS never set)
                long id = r.u32();
                c.write(respSeq, Packets.err(new MysqlError(ER_STMT_HAS_NO_OPEN_CURSOR, MysqlError.SQLSTATE_GENERAL,
                        "The statement (" + id + ") has no open cursor.")));
            }
            case Commands.COM_CHANGE_USER -> c.changeUser(seq, payload, statements::clear);
            case Commands.COM_PROCESS_KILL -> {
                long id = r.u32();
                run(respSeq, ClientResponse.Mode.TEXT, sink -> handler.query("KILL " + id, sink));
            }
            case Commands.COM_DEBUG -> c.write(respSeq, eof(handler.serverStatus()));
            // mysqladmin's flush-*, reload and shutdown: server administration belongs to the tablets, as a user
            // without the privilege is told by MySQL
            case Commands.COM_REFRESH -> c.write(respSeq, Packets.err(accessDenied("RELOAD")));
            case Commands.COM_SHUTDOWN -> c.write(respSeq, Packets.err(accessDenied("SHUTDOWN")));
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

    /**
     * COM_QUERY. Text with a {@code ;} may hold several statements: from a client with multi-statements on they run
     * one by one ({@link MultiStatements}); from one without, text after the first statement is refused with
     * MariaDB's syntax error, as MariaDB refuses it. A {@code ;} at the end, or only comments after it, leaves
     * one statement, which runs as it was sent.
     */
    private void query(int respSeq, String sql) {
        SessionHandler handler = c.handler;
        if (sql.indexOf(';') < 0) {
            run(respSeq, ClientResponse.Mode.TEXT, sink -> handler.query(sql, sink));
            return;
        }
        SqlLexer.Statements split = SqlLexer.split(sql);
        int beyond = split.single() ? -1 : split.beyondFirst();
        if (beyond < 0 && (split.single() || !c.multiStatements)) {
            run(respSeq, ClientResponse.Mode.TEXT, sink -> handler.query(sql, sink));
        } else if (!c.multiStatements) {
            run(respSeq, ClientResponse.Mode.TEXT, sink -> sink.error(MultiStatements.syntaxError(sql, beyond)));
        } else {
            c.busy();
            ClientResponse response = new ClientResponse(c, c.socket, respSeq, ClientResponse.Mode.TEXT,
                    c.clientHas(CapabilityFlags.CLIENT_DEPRECATE_EOF), c.tracker);
            c.current = response;
            new MultiStatements(c, response, sql, split).start();
        }
    }

    private static MysqlError accessDenied(String privilege) {
        return new MysqlError(ER_SPECIFIC_ACCESS_DENIED_ERROR, MysqlError.SQLSTATE_SYNTAX,
                "Access denied; you need (at least one of) the " + privilege + " privilege(s) for this operation");
    }

    /** The end of a command answered by MariaDB's my_eof(): an EOF, or its OK form for a client with CLIENT_DEPRECATE_EOF. */
    private Buffer eof(int status) {
        return c.clientHas(CapabilityFlags.CLIENT_DEPRECATE_EOF) ? new OkPacket(0, 0, status, 0, "").encode(Packets.EOF_HEADER)
                : Packets.eof(0, status);
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
