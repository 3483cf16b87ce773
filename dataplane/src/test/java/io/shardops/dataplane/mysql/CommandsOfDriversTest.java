package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.JdbcConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The commands stock drivers send with common options, against a server whose session answers a few
 * statements itself: several statements in one COM_QUERY (Connector/J and MariaDB Connector/J
 * {@code allowMultiQueries}, Connector/J's statement batches, which switch multi-statements on with
 * COM_SET_OPTION), COM_CHANGE_USER with the right and a wrong password, and executions that ask for a cursor.
 */
class CommandsOfDriversTest {
    private static Vertx vertx;
    private static MysqlServer server;
    /** Every statement the sessions ran, in order (but reads of server variables). */
    private static final List<String> ran = new CopyOnWriteArrayList<>();

    /** Answers: insert (OK, affected 1, ids from 100), set/select @var, select N, rows N, call (forwarded as MariaDB answers a CALL), user. */
    static final class Session implements SessionHandler {
        private final Map<String, String> vars = new ConcurrentHashMap<>();
        private long nextId = 100;
        private String user;
        private static final Pattern SET = Pattern.compile("set @(\\w+) = (\\w+)");
        private static final Pattern GET = Pattern.compile("select @(\\w+)");
        private static final Pattern NUMBER = Pattern.compile("select (\\d+)");
        private static final Pattern ROWS = Pattern.compile("select \\* from rows(\\d+)");

        @Override
        public Future<Void> connected(io.shardops.dataplane.mysql.Session session) {
            user = session.user();
            return Future.succeededFuture();
        }

        @Override
        public void query(String text, ResultSink sink) {
            String sql = text.replaceFirst("(?s);\\s*(--[^\\n]*)?$", "");  // as MariaDB: a ; at the end, comments after it
            if (!sql.contains("@@")) {
                ran.add(sql);  // what the test sent, not the driver's own reads of server variables
            }
            Matcher m;
            if (sql.startsWith("insert")) {
                sink.ok(new OkPacket(1, nextId++, ServerStatus.SERVER_STATUS_AUTOCOMMIT, 0, ""));
            } else if ((m = SET.matcher(sql)).matches()) {
                vars.put(m.group(1), m.group(2));
                sink.ok(OkPacket.EMPTY);
            } else if ((m = GET.matcher(sql)).matches()) {
                sink.resultSet(io.shardops.dataplane.mysql.ResultSet.ofStrings(List.of("@" + m.group(1)), List.of(Collections.singletonList(vars.get(m.group(1))))));
            } else if ((m = NUMBER.matcher(sql)).matches()) {
                sink.resultSet(io.shardops.dataplane.mysql.ResultSet.ofStrings(List.of(m.group(1)), List.of(List.of(m.group(1)))));
            } else if ((m = ROWS.matcher(sql)).matches()) {
                List<List<String>> rows = new ArrayList<>();
                for (int i = 1; i <= Integer.parseInt(m.group(1)); i++) {
                    rows.add(List.of(Integer.toString(i)));
                }
                sink.resultSet(io.shardops.dataplane.mysql.ResultSet.ofStrings(List.of("n"), rows));
            } else if (sql.equals("call p()")) {
                // as MariaDB answers a procedure's SELECT: a result set with more results after it, then the CALL's OK
                int more = ServerStatus.SERVER_STATUS_AUTOCOMMIT | ServerStatus.SERVER_MORE_RESULTS_EXISTS;
                sink.forwardPacket(Packets.columnCount(1));
                sink.forwardPacket(ColumnDefinition.varchar("p").encode());
                sink.forwardPacket(Packets.eof(0, more));
                sink.forwardPacket(Packets.textRow(new byte[][] {"from p".getBytes()}));
                sink.forwardPacket(Packets.eof(0, more));
                sink.forwardPacket(new OkPacket(0, 0, ServerStatus.SERVER_STATUS_AUTOCOMMIT, 0, "").encode());
                sink.forwardEnd();
            } else if (sql.regionMatches(true, 0, "set ", 0, 4)) {
                sink.ok(OkPacket.EMPTY);  // the drivers' session settings at connect
            } else if (sql.contains("@@")) {
                variables(sql, sink);
            } else if (sql.equals("select current_user")) {
                sink.resultSet(io.shardops.dataplane.mysql.ResultSet.ofStrings(List.of("u"), List.of(List.of(user))));
            } else {
                sink.error(new MysqlError(MysqlError.ER_NO_SUCH_TABLE, MysqlError.SQLSTATE_NO_SUCH_TABLE, "Table 'x' doesn't exist"));
            }
        }

        private static final Pattern ALIAS = Pattern.compile("(?i)@@(?:session\\.)?(\\w+)(?:\\s+AS\\s+(\\w+))?");
        private static final Map<String, String> VALUES = Map.of("auto_increment_increment", "1", "max_allowed_packet", "67108864",
                "net_write_timeout", "60", "wait_timeout", "28800", "interactive_timeout", "28800", "lower_case_table_names", "0",
                "net_buffer_length", "16384", "query_cache_size", "0", "performance_schema", "0");

        /** The server variables a driver reads at connect: numbers where it parses one, else a plain word. */
        private static void variables(String sql, ResultSink sink) {
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            Matcher m = ALIAS.matcher(sql);
            while (m.find()) {
                names.add(m.group(2) != null ? m.group(2) : "@@" + m.group(1));
                String v = VALUES.get(m.group(1).toLowerCase());
                values.add(v != null ? v : m.group(1).contains("read_only") ? "0" : m.group(1).contains("character_set") ? "utf8mb4" : m.group(1).contains("collation")
                        ? "utf8mb4_general_ci" : m.group(1).contains("isolation") ? "REPEATABLE-READ" : m.group(1).contains("time_zone")
                        ? "SYSTEM" : "");
            }
            sink.resultSet(io.shardops.dataplane.mysql.ResultSet.ofStrings(names, List.of(values)));
        }

        @Override
        public void initDb(String database, ResultSink sink) {
            sink.ok(OkPacket.EMPTY);
        }

        @Override
        public Future<Void> reset() {
            vars.clear();
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> changeUser(io.shardops.dataplane.mysql.Session session) {
            vars.clear();
            user = session.user();
            return Future.succeededFuture();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Authenticator users = Authenticator.Static.ofPasswords(Map.of("root", "", "app", "secret"));
        server = MysqlServer.start(vertx, ServerConfig.of("127.0.0.1", 0, users).withInstances(1), Session::new)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Connection connect(String scheme, String user, String password, String properties) throws SQLException {
        return DriverManager.getConnection(scheme + "://127.0.0.1:" + server.port() + "/db?" + properties, user, password);
    }

    /** Every result of the statement's execution, as Statement.getMoreResults walks them: "rows:a,b" or "count:N". */
    private static List<String> results(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        boolean isRs = st.execute(sql);
        while (true) {
            if (isRs) {
                List<String> values = new ArrayList<>();
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                out.add("rows:" + String.join(",", values));
            } else {
                long count = st.getUpdateCount();
                if (count == -1) {
                    return out;
                }
                out.add("count:" + count);
            }
            isRs = st.getMoreResults();
        }
    }

    @Test
    void connectorJWithAllowMultiQueriesReadsEveryResultInOrder() throws SQLException {
        multiQueries("jdbc:mysql", "allowMultiQueries=true");
    }

    @Test
    void mariaDbConnectorJWithAllowMultiQueriesReadsEveryResultInOrder() throws SQLException {
        multiQueries("jdbc:mariadb", "allowMultiQueries=true&sslMode=disable");
    }

    private static void multiQueries(String scheme, String properties) throws SQLException {
        try (Connection c = connect(scheme, "root", "", properties); Statement st = c.createStatement()) {
            assertEquals(List.of("count:1", "rows:7", "rows:from p", "count:0", "count:0", "rows:5"),
                    results(st, "insert into t values (1); select 7;\n call p(); set @v = 5; select @v"),
                    "each statement's result, a procedure's several ones too");
            assertEquals(List.of("rows:1", "rows:2"), results(st, "select 1; select 2;"), "a ; at the end adds no result");
            ran.clear();
            SQLException e = assertThrows(SQLException.class, () -> results(st, "insert into t values (2); select nosuch; select 3"));
            assertEquals(MysqlError.ER_NO_SUCH_TABLE, e.getErrorCode(), "the error of the statement that failed");
            assertEquals(List.of("insert into t values (2)", "select nosuch"), ran, "the statements after an error do not run");
            assertEquals(List.of("rows:9"), results(st, "select 9"), "the connection goes on");
        }
    }

    @Test
    void withoutTheOptionSeveralStatementsAreRefusedAsMariaDbRefusesThem() throws SQLException {
        try (Connection c = connect("jdbc:mysql", "root", "", ""); Statement st = c.createStatement()) {
            ran.clear();
            SQLException e = assertThrows(SQLException.class, () -> st.execute("insert into t values (3);\nselect 4"));
            assertEquals(MysqlError.ER_PARSE_ERROR, e.getErrorCode());
            assertEquals("You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version"
                    + " for the right syntax to use near 'select 4' at line 2", e.getMessage());
            assertEquals(List.of(), ran, "nothing ran");
            assertEquals(List.of("rows:4"), results(st, "select 4;"), "one statement and a ; runs");
            assertEquals(List.of("rows:4"), results(st, "select 4; -- a comment"), "comments after it are no statement");
        }
    }

    @Test
    void aStatementBatchOfConnectorJSwitchesMultiStatementsOnForItself() throws SQLException {
        try (Connection c = connect("jdbc:mysql", "root", "", "rewriteBatchedStatements=true"); Statement st = c.createStatement()) {
            ran.clear();
            for (int i = 0; i < 5; i++) {
                st.addBatch("insert into t values (" + i + ")");
            }
            assertEquals("[1, 1, 1, 1, 1]", Arrays.toString(st.executeBatch()));
            assertEquals(5, ran.size(), "one statement each: " + ran);
            // COM_SET_OPTION switched multi-statements off again after the batch
            SQLException e = assertThrows(SQLException.class, () -> st.execute("select 1; select 2"));
            assertEquals(MysqlError.ER_PARSE_ERROR, e.getErrorCode());
        }
    }

    @Test
    void changeUserLogsInTheNewUserAndResetsTheSession() throws SQLException {
        try (Connection c = connect("jdbc:mysql", "root", "", ""); Statement st = c.createStatement()) {
            st.execute("set @v = 42");
            assertEquals(List.of("rows:42"), results(st, "select @v"));
            ((JdbcConnection) c).changeUser("app", "secret");
            assertEquals(List.of("rows:app"), results(st, "select current_user"));
            assertEquals(List.of("rows:null"), results(st, "select @v"), "the user variable went with the reset");
            ((JdbcConnection) c).changeUser("root", "");
            assertEquals(List.of("rows:root"), results(st, "select current_user"));
        }
    }

    @Test
    void changeUserWithAWrongPasswordIsRefusedAndTheConnectionClosed() throws SQLException {
        try (Connection c = connect("jdbc:mysql", "root", "", ""); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> ((JdbcConnection) c).changeUser("app", "wrong"));
            assertEquals(MysqlError.ER_ACCESS_DENIED_ERROR, e.getErrorCode(), e.getMessage());
            assertThrows(SQLException.class, () -> results(st, "select current_user"), "no statement runs after it");
        }
        try (Connection c = connect("jdbc:mysql", "root", "", ""); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> ((JdbcConnection) c).changeUser("nobody", ""));
            assertEquals(MysqlError.ER_ACCESS_DENIED_ERROR, e.getErrorCode(), "an unknown user: " + e.getMessage());
        }
    }

    @Test
    void anExecutionThatAsksForACursorReadsTheWholeResult() throws SQLException {
        try (Connection c = connect("jdbc:mysql", "root", "", "useCursorFetch=true&defaultFetchSize=2");
             PreparedStatement ps = c.prepareStatement("select * from rows5")) {
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            assertEquals(List.of("1", "2", "3", "4", "5"), values);
        }
    }

    @Test
    void statementFetchWithoutACursorIsMySqlsError() throws Exception {
        try (Connection c = connect("jdbc:mysql", "root", "", "")) {
            assertFalse(c.isClosed());
        }
        try (var raw = new java.net.Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(5000);
            var in = new java.io.DataInputStream(raw.getInputStream());
            var out = raw.getOutputStream();
            byte[] handshake = read(in);
            assertEquals(10, handshake[0]);
            HandshakeResponse login = new HandshakeResponse(CapabilityFlags.CLIENT_PROTOCOL_41 | CapabilityFlags.CLIENT_SECURE_CONNECTION
                    | CapabilityFlags.CLIENT_PLUGIN_AUTH, 1 << 24, 45, "root", new byte[0], null, NativePassword.PLUGIN);
            write(out, 1, login.encode().getBytes());
            assertEquals(0, read(in)[0], "logged in");
            write(out, 0, new byte[] {Commands.COM_STMT_FETCH, 7, 0, 0, 0, 100, 0, 0, 0});
            byte[] err = read(in);
            assertEquals((byte) 0xff, err[0]);
            assertEquals(CommandPhase.ER_STMT_HAS_NO_OPEN_CURSOR, (err[1] & 0xff) | (err[2] & 0xff) << 8);
            assertTrue(new String(err, 9, err.length - 9).contains("The statement (7) has no open cursor."));
            write(out, 0, new byte[] {Commands.COM_SET_OPTION, 0, 0});
            byte[] eof = read(in);
            assertEquals((byte) 0xfe, eof[0], "COM_SET_OPTION is answered with an EOF, as MariaDB does");
            assertEquals(5, eof.length);
            write(out, 0, "\u0003select 1; select 2".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            List<Integer> statuses = new ArrayList<>();
            for (int result = 0; result < 2; result++) {
                assertEquals(1, read(in)[0], "one column");
                read(in);
                read(in);  // EOF after the columns
                read(in);  // the row
                byte[] end = read(in);
                assertEquals((byte) 0xfe, end[0]);
                statuses.add((end[3] & 0xff) | (end[4] & 0xff) << 8);
            }
            assertEquals(List.of(ServerStatus.SERVER_STATUS_AUTOCOMMIT | ServerStatus.SERVER_MORE_RESULTS_EXISTS,
                    ServerStatus.SERVER_STATUS_AUTOCOMMIT), statuses, "more results after the first, none after the last");
            write(out, 0, new byte[] {Commands.COM_SET_OPTION, 9, 0});
            assertEquals(MysqlError.ER_UNKNOWN_COM_ERROR, Buffer.buffer(read(in)).getUnsignedShortLE(1), "an unknown option");
            write(out, 0, new byte[] {Commands.COM_SHUTDOWN, 0});
            assertEquals(CommandPhase.ER_SPECIFIC_ACCESS_DENIED_ERROR, Buffer.buffer(read(in)).getUnsignedShortLE(1), "mysqladmin shutdown");
            write(out, 0, new byte[] {Commands.COM_PING});
            assertEquals(0, read(in)[0], "the connection goes on");
        }
    }

    private static byte[] read(java.io.DataInputStream in) throws java.io.IOException {
        byte[] h = new byte[4];
        in.readFully(h);
        byte[] p = new byte[(h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16];
        in.readFully(p);
        return p;
    }

    private static void write(java.io.OutputStream out, int seq, byte[] payload) throws java.io.IOException {
        out.write(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16), (byte) seq});
        out.write(payload);
        out.flush();
    }
}
