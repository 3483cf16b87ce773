package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an application does through a JDBC driver at its default properties, each failure class of issue 14
 * in turn: session state, insert ids from sequences, binary bytes, metadata, queries across shards and
 * query timeouts. Run for MySQL Connector/J (plain and pooled by HikariCP) and MariaDB Connector/J.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcChecks {
    private final JdbcClient client;
    private JdbcClient.Connections connections;

    JdbcChecks(JdbcClient client) {
        this.client = client;
    }

    @BeforeAll
    void open() {
        connections = new JdbcClient.Connections(client, ClientsIT.cluster().port());
    }

    @AfterAll
    void close() {
        connections.close();
    }

    Connection connect(String database) throws SQLException {
        return connections.open(database, Map.of());
    }

    Connection connect(String database, String property) throws SQLException {
        return connections.open(database, Map.of(property, "true"));
    }

    static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), "a row from " + sql);
            return rs.getString(1);
        }
    }

    static List<String> column(ResultSet rs, String label) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getString(label));
            }
        }
        return out;
    }

    // ---- 1. session state

    @Test
    @Tag("session-state")
    void anEmojiRoundTripsInUtf8mb4() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            assertEquals("utf8mb4", one(c, "select @@character_set_connection"));
            try (ResultSet rs = st.executeQuery("select '😀' as e, hex('😀') as h")) {
                assertTrue(rs.next());
                assertEquals("😀", rs.getString("e"));
                assertEquals("F09F9880", rs.getString("h"), "the emoji reached MariaDB as its four UTF-8 bytes");
            }
            try (PreparedStatement ps = c.prepareStatement("select hex(?)")) {
                ps.setString(1, "é😀");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("C3A9F09F9880", rs.getString(1));
                }
            }
        }
    }

    @Test
    @Tag("session-state")
    void setTimeZoneAndSqlModeAreKeptForTheSession() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            st.execute("set time_zone = '+05:00'");
            st.execute("set session sql_mode = 'ANSI_QUOTES,STRICT_TRANS_TABLES'");
            assertEquals("+05:00", one(c, "select @@session.time_zone"));
            assertTrue(one(c, "select @@session.sql_mode").contains("ANSI_QUOTES"), "sql_mode is the session's");
            assertEquals("1970-01-01 05:00:00", one(c, "select from_unixtime(0)"), "time functions use the session's time zone");
            st.execute("set time_zone = 'SYSTEM'");
            st.execute("set session sql_mode = DEFAULT");
        }
    }

    @Test
    @Tag("session-state")
    void setTransactionIsolationIsKept() throws SQLException {
        try (Connection c = connect("customer")) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertEquals("SERIALIZABLE", one(c, "select @@session.tx_isolation"));
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertEquals("REPEATABLE-READ", one(c, "select @@session.tx_isolation"));
        }
    }

    @Test
    @Tag("session-state")
    void userVariablesKeepTheirValue() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            st.execute("set @x = 42");
            assertEquals("42", one(c, "select @x"));
            assertEquals("42", one(c, "select @x from customer where customer_id = 1"), "a routed statement sees the variable too");
        }
    }

    // ---- 2. insert ids from sequences

    @Test
    @Tag("insert-ids")
    void getGeneratedKeysReturnsTheSequenceId() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            String email = client.name().toLowerCase() + "-plain@ids";
            assertEquals(1, st.executeUpdate("insert into customer(email) values ('" + email + "')", Statement.RETURN_GENERATED_KEYS));
            long id = generatedKey(st);
            assertTrue(id >= 1000, "the id came from customer_seq (1000 up): " + id);
            assertEquals(email, one(c, "select email from customer where customer_id = " + id));
            assertEquals(Long.toString(id), one(c, "select last_insert_id()"));
        }
    }

    @Test
    @Tag("insert-ids")
    void getGeneratedKeysOfAServerPreparedInsert() throws SQLException {
        try (Connection c = connect("customer", client.serverPrepare);
             PreparedStatement ps = c.prepareStatement("insert into customer(email) values (?)", Statement.RETURN_GENERATED_KEYS)) {
            String email = client.name().toLowerCase() + "-prepared@ids";
            ps.setString(1, email);
            assertEquals(1, ps.executeUpdate());
            long id = generatedKey(ps);
            assertTrue(id >= 1000, "the id came from customer_seq: " + id);
            assertEquals(email, one(c, "select email from customer where customer_id = " + id));
        }
    }

    @Test
    @Tag("insert-ids")
    void getGeneratedKeysOfABatch() throws SQLException {
        try (Connection c = client.batchRewrite == null ? connect("customer") : connect("customer", client.batchRewrite);
             PreparedStatement ps = c.prepareStatement("insert into customer(email) values (?)", Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < 3; i++) {
                ps.setString(1, client.name().toLowerCase() + "-batch" + i + "@ids");
                ps.addBatch();
            }
            ps.executeBatch();
            List<Long> ids = new ArrayList<>();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
            }
            assertEquals(3, ids.size(), "one key per row: " + ids);
            for (int i = 0; i < 3; i++) {
                assertTrue(ids.get(i) >= 1000, "ids from customer_seq: " + ids);
                assertEquals(client.name().toLowerCase() + "-batch" + i + "@ids", one(c, "select email from customer where customer_id = " + ids.get(i)));
            }
        }
    }

    private static long generatedKey(Statement st) throws SQLException {
        try (ResultSet keys = st.getGeneratedKeys()) {
            assertTrue(keys.next(), "getGeneratedKeys has a row");
            return keys.getLong(1);
        }
    }

    // ---- 3. binary bytes

    /** 128 bytes that are not UTF-8: every byte from 0x80 to 0xff, plus what a text statement must escape. */
    static byte[] binary() {
        byte[] b = new byte[128];
        for (int i = 0; i < 124; i++) {
            b[i] = (byte) (0x80 + i);
        }
        b[124] = 0;
        b[125] = '\'';
        b[126] = '\\';
        b[127] = (byte) 0xff;
        return b;
    }

    @Test
    @Tag("bytes")
    void setBytesRoundTripsUnchangedInShardedAndUnshardedTables() throws SQLException {
        long id = client.firstId + 1;
        byte[] bytes = binary();
        try (Connection c = connect("customer")) {
            try (PreparedStatement ps = c.prepareStatement("insert into customer(customer_id, email) values (?, ?)")) {
                ps.setLong(1, id);
                ps.setBytes(2, bytes);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("select email from customer where customer_id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertArrayEquals(bytes, rs.getBytes(1), "the bytes read back from the sharded table are the bytes written");
                }
            }
            ClientsIT.cluster().assertOnItsShard(id);
            try (PreparedStatement ps = c.prepareStatement("insert into commerce.product(sku, description, price) values (?, ?, 1)")) {
                ps.setString(1, "BIN-" + client.name());
                ps.setBytes(2, bytes);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("select description from commerce.product where sku = ?")) {
                ps.setString(1, "BIN-" + client.name());
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertArrayEquals(bytes, rs.getBytes(1), "the bytes read back from the unsharded table are the bytes written");
                }
            }
        }
    }

    // ---- 4. metadata

    @Test
    @Tag("metadata")
    void databaseMetaDataListsTheKeyspacesTablesAndColumns() throws SQLException {
        try (Connection c = connect("customer")) {
            DatabaseMetaData md = c.getMetaData();
            Set<String> tables = new TreeSet<>(column(md.getTables("customer", null, "%", new String[] {"TABLE"}), "TABLE_NAME"));
            assertTrue(tables.containsAll(Set.of("customer", "corder")), "getTables of keyspace customer: " + tables);
            List<String> columns = column(md.getColumns("customer", null, "customer", "%"), "COLUMN_NAME");
            assertEquals(List.of("customer_id", "email"), columns, "getColumns of customer.customer");
            List<String> cats = column(md.getColumns("customer", null, "customer", "%"), "TABLE_CAT");
            assertEquals(List.of("customer", "customer"), cats, "the columns' catalog is the keyspace");
            List<String> keys = column(md.getPrimaryKeys("customer", null, "corder"), "COLUMN_NAME");
            assertEquals(List.of("order_id"), keys, "getPrimaryKeys of customer.corder");
        }
    }

    @Test
    @Tag("metadata")
    void informationSchemaNamesTheKeyspace() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select table_schema, table_name from information_schema.tables"
                    + " where table_schema = 'customer' order by table_name")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
            assertEquals(List.of("customer.corder", "customer.customer"), rows);
            assertEquals("bigint", one(c, "select data_type from information_schema.columns"
                    + " where table_schema = 'customer' and table_name = 'customer' and column_name = 'customer_id'"));
        }
    }

    @Test
    @Tag("metadata")
    void describeAndExplainOfAShardedTableAnswerFromOneShard() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            assertEquals(List.of("customer_id", "email"), column(st.executeQuery("describe customer"), "Field"));
            assertEquals(List.of("order_id", "customer_id", "sku", "price"), column(st.executeQuery("desc corder"), "Field"));
            List<String> plan = column(st.executeQuery("explain select * from customer"), "table");
            assertEquals(List.of("customer"), plan, "EXPLAIN of a select across shards: one shard's plan");
        }
    }

    @Test
    @Tag("metadata")
    void showWarningsReturnsTheWarningsOfTheLastStatement() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            st.executeQuery("select 1/0").close();
            List<String> codes = column(st.executeQuery("show warnings"), "Code");
            assertEquals(List.of("1365"), codes, "division by 0 left warning 1365");
            assertEquals("1", one(c, "select @@warning_count"));
        }
    }

    @Test
    @Tag("metadata")
    void databaseAndRowCountAnswerLikeMysql() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select database()")) {
                assertEquals("database()", rs.getMetaData().getColumnLabel(1));
                assertTrue(rs.next());
                assertEquals("customer", rs.getString(1));
            }
            long id = client.firstId + 2;
            st.executeUpdate("insert into customer(customer_id, email) values (" + id + ", 'rowcount')");
            assertEquals(1, st.executeUpdate("delete from customer where customer_id = " + id));
            assertEquals("1", one(c, "select row_count()"));
        }
    }

    // ---- 6. queries Vitess takes

    @Test
    @Tag("queries")
    void aJoinOnTheSharedVindexColumnRunsOnEveryShard() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select c.customer_id, c.email, o.order_id from customer c join corder o"
                    + " on c.customer_id = o.customer_id where o.order_id <= 5 order by c.customer_id")) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getLong(3));
                }
            }
            assertEquals(List.of("1 alice@domain.com 1", "2 bob@domain.com 2", "3 charlie@domain.com 3", "4 dan@domain.com 4",
                    "5 eve@domain.com 5"), rows, "the join of both shards, merged in order");
        }
    }

    @Test
    @Tag("queries")
    void orderByWithSelectStarAcrossShards() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            List<String> ids = column(st.executeQuery("select * from customer where customer_id <= 5 order by customer_id desc"), "customer_id");
            assertEquals(List.of("5", "4", "3", "2", "1"), ids);
        }
    }

    @Test
    @Tag("queries")
    void anIntegralDoubleForTheVindexColumnRoutesLikeTheInteger() throws SQLException {
        long id = client.firstId + 3;
        try (Connection c = connect("customer")) {
            try (PreparedStatement ps = c.prepareStatement("insert into customer(customer_id, email) values (?, ?)")) {
                ps.setDouble(1, id);
                ps.setString(2, "double@routes");
                assertEquals(1, ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("select email from customer where customer_id = ?")) {
                ps.setDouble(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("double@routes", rs.getString(1));
                }
            }
        }
        ClientsIT.cluster().assertOnItsShard(id);
    }

    // ---- commands: several statements in one query, cursors

    /** Every result of the statement's execution, as Statement.getMoreResults walks them: "rows:a,b" or "count:N". */
    static List<String> results(Statement st, String sql) throws SQLException {
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
    @Tag("commands")
    void allowMultiQueriesAnswersEachStatementInOrder() throws SQLException {
        long id = client.firstId + 10;
        try (Connection c = connect("customer", "allowMultiQueries"); Statement st = c.createStatement()) {
            assertEquals(List.of("count:1", "rows:multi@a", "count:1", "rows:5"), results(st,
                    "insert into customer(customer_id, email) values (" + id + ", 'multi@a');"
                    + " select email from customer where customer_id = " + id + ";\n"
                    + " update customer set email = 'multi@b' where customer_id = " + id + ";"
                    + " select count(*) from customer where customer_id in (1, 2, 3, 4, 5)"),
                    "an insert, a select on its shard, an update, a count across shards");
            assertEquals(List.of("count:0", "count:1", "count:0", "rows:0"), results(st, "begin; insert into customer(customer_id, email)"
                    + " values (" + (id + 1) + ", 'rolled back'); rollback; select count(*) from customer where customer_id = " + (id + 1)),
                    "the statements share the session's transaction");
            assertEquals("multi@b", one(c, "select email from customer where customer_id = " + id));
        }
    }

    @Test
    @Tag("commands")
    void aMultiQueryStopsAtItsFailingStatementAndKeepsWhatRanBefore() throws SQLException {
        long id = client.firstId + 12;
        try (Connection c = connect("customer", "allowMultiQueries"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> results(st, "insert into customer(customer_id, email) values (" + id
                    + ", 'kept'); select nosuch from customer where customer_id = " + id + "; insert into customer(customer_id, email)"
                    + " values (" + (id + 1) + ", 'never')"));
            assertEquals(1054, e.getErrorCode(), "the failing statement's error: " + e.getMessage());
            assertEquals(List.of("rows:kept"), results(st, "select email from customer where customer_id = " + id));
            assertEquals(List.of("rows:0"), results(st, "select count(*) from customer where customer_id = " + (id + 1)),
                    "the statement after the error did not run");
        }
    }

    @Test
    @Tag("commands")
    void withoutAllowMultiQueriesSeveralStatementsAreRefusedAsMariaDbRefusesThem() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute("select 1; select 2"));
            assertEquals(1064, e.getErrorCode());
            assertTrue(e.getMessage().endsWith("to use near 'select 2' at line 1"), e.getMessage());
            assertEquals("1", one(c, "select 1;"), "one statement and a ; runs");
        }
    }

    @Test
    @Tag("commands")
    void aProcedureThatAnswersTwoResultSetsPassesThroughAloneAndInAMultiQuery() throws SQLException {
        String p = "two_results_" + client.name().toLowerCase();
        try (Connection c = connect("commerce", "allowMultiQueries"); Statement st = c.createStatement()) {
            // the body's ;s belong to the CREATE: one statement, not three
            assertEquals(List.of("count:0"), results(st, "create or replace procedure " + p + "() begin select 1 as a; select 2 as b; end"));
            assertEquals(List.of("rows:1", "rows:2", "count:0"), results(st, "call " + p + "()"));
            assertEquals(List.of("rows:1", "rows:2", "count:0", "rows:3"), results(st, "call " + p + "(); select 3"),
                    "the procedure's results, then the next statement's");
            st.execute("drop procedure " + p);
        }
    }

    @Test
    @Tag("commands")
    void aRewrittenBatchOfUpdatesRunsAsSeveralStatements() throws SQLException {
        Assumptions.assumeTrue(client.batchRewrite != null, "a driver that rewrites batches");
        long id = client.firstId + 20;
        try (Connection c = connect("customer", client.batchRewrite)) {
            try (Statement st = c.createStatement()) {
                for (int i = 0; i < 5; i++) {
                    st.addBatch("insert into customer(customer_id, email) values (" + (id + i) + ", 'batch@a')");
                }
                // Connector/J sends a Statement batch as one multi-statement query, switching them on with COM_SET_OPTION
                assertEquals(List.of(1, 1, 1, 1, 1), Arrays.stream(st.executeBatch()).boxed().toList());
            }
            try (PreparedStatement ps = c.prepareStatement("update customer set email = ? where customer_id = ?")) {
                for (int i = 0; i < 5; i++) {
                    ps.setString(1, "batch@" + i);
                    ps.setLong(2, id + i);
                    ps.addBatch();
                }
                // and a batch of UPDATEs likewise: it cannot be one multi-row statement
                assertEquals(List.of(1, 1, 1, 1, 1), Arrays.stream(ps.executeBatch()).boxed().toList());
            }
            assertEquals("batch@3", one(c, "select email from customer where customer_id = " + (id + 3)));
        }
    }

    @Test
    @Tag("commands")
    void useCursorFetchReadsEveryRowOfAQueryAcrossShards() throws SQLException {
        Assumptions.assumeTrue(client.scheme.equals("jdbc:mysql"), "useCursorFetch is Connector/J's");
        long first = client.firstId + 1000;
        int n = 250;
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            StringBuilder insert = new StringBuilder("insert into customer(customer_id, email) values ");
            for (int i = 0; i < n; i++) {
                insert.append(i == 0 ? "" : ", ").append("(").append(first + i).append(", 'cursor@x')");
            }
            assertEquals(n, st.executeUpdate(insert.toString()));
        }
        try (Connection c = connections.open("customer", Map.of("useCursorFetch", "true", "defaultFetchSize", "100"));
             PreparedStatement ps = c.prepareStatement("select customer_id from customer where customer_id between ? and ?")) {
            ps.setLong(1, first);
            ps.setLong(2, first + n - 1);
            Set<Long> ids = new TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            assertEquals(n, ids.size(), "every row of both shards");
        }
    }

    // ---- 7. KILL

    @Test
    @Tag("kill")
    void setQueryTimeoutStopsTheQuery() throws SQLException {
        try (Connection c = connect("customer"); Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            long t0 = System.nanoTime();
            assertThrows(SQLException.class, () -> st.executeQuery("select sleep(8)").close(), "the query was stopped by its timeout");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5000, "the timeout of 1 s stopped the query; it ran " + ms + " ms");
            st.setQueryTimeout(0);
            assertEquals("1", one(c, "select 1"), "the connection is usable after the timeout");
        }
    }
}
