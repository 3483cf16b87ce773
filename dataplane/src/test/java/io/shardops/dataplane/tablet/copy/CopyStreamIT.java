package io.shardops.dataplane.tablet.copy;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.replication.GtidPosition;
import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.dataplane.vindex.Value;
import io.shardops.spec.key.KeyRange;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reshard of customer/0 into -80 and 80- on two real servers: the source, and a target holding both
 * halves in two databases. Snapshot copy, then binlog catch-up through inserts, updates, deletes and a
 * row moving between key ranges, then a restart of the streams from their stored positions.
 */
class CopyStreamIT {
    /** One cluster's credentials: every tablet of the test shares them, as a cluster's tablets do. */
    static final ClusterCredentials CREDENTIALS = ClusterCredentials.generate();
    @TempDir
    static Path dir;
    static Mysqld source;
    static Mysqld target;

    static final String[] SCHEMA = {
        "create table customer(customer_id bigint not null auto_increment, email varbinary(128), primary key(customer_id))",
        "create table corder(order_id bigint not null auto_increment, customer_id bigint, sku varbinary(128), price bigint, primary key(order_id))"};
    static final KeyRange LOW = KeyRange.parse("-80").orElseThrow();
    static final KeyRange HIGH = KeyRange.parse("80-").orElseThrow();

    @BeforeAll
    static void startServers() throws Exception {
        source = new Mysqld(MysqldConfig.forTablet(401, dir.resolve("src"), FreePorts.one()), CREDENTIALS.mysqlAccounts());
        target = new Mysqld(MysqldConfig.forTablet(402, dir.resolve("dst"), FreePorts.one()), CREDENTIALS.mysqlAccounts());
        CompletableFuture.allOf(CompletableFuture.runAsync(source::start), CompletableFuture.runAsync(target::start)).get();
        exec(source, null, "create database customer");
        for (String ddl : SCHEMA) {
            exec(source, "customer", ddl);
        }
        exec(source, "customer", "insert into customer(customer_id, email) values (1, 'alice@domain.com'), (2, 'bob@domain.com'),"
                + " (3, 'charlie@domain.com'), (4, 'dan@domain.com'), (5, 'eve@domain.com')");
        exec(source, "customer", "insert into corder(order_id, customer_id, sku, price) values (1, 1, 'SKU-1001', 100), (2, 2, 'SKU-1002', 30),"
                + " (3, 3, 'SKU-1002', 30), (4, 4, 'SKU-1002', 30), (5, 5, 'SKU-1002', 30)");
        for (String db : List.of("customer_lo", "customer_hi")) {
            exec(target, null, "create database " + db);
            for (String ddl : SCHEMA) {
                exec(target, db, ddl);
            }
        }
    }

    @AfterAll
    static void stopServers() {
        source.stop();
        target.stop();
    }

    static void exec(Mysqld m, String db, String sql) throws SQLException {
        try (Connection c = m.connectAdmin(db); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static List<String> rows(Mysqld m, String db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = m.connectAdmin(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    static List<SnapshotCopy.Table> tables(KeyRange range) {
        RowSelector sel = RowSelector.byKeyRange("customer_id", new HashVindex(), range);
        return List.of(new SnapshotCopy.Table("customer", sel), new SnapshotCopy.Table("corder", sel));
    }

    static SnapshotCopy copy(String workflow, String targetDb, KeyRange range) {
        return new SnapshotCopy(workflow, () -> source.connectAdmin(null), "customer", () -> target.connectAdmin(null), targetDb,
                tables(range), 1000);
    }

    static BinlogCatchUp catchUp(String workflow, String targetDb, KeyRange range, long serverId) {
        return new BinlogCatchUp(new CatchUpConfig(workflow, new BinlogSource("127.0.0.1", source.port(), MysqlAccounts.ADMIN_USER,
                CREDENTIALS.mysqlAccounts().adminPassword(), "customer"), () -> source.connectAdmin(null), () -> target.connectAdmin(null), targetDb,
                tables(range), serverId));
    }

    /** The source's rows of {@code table} whose customer_id hashes into {@code range}: what the target must hold. */
    static List<String> expected(String table, String orderBy, KeyRange range) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String r : rows(source, "customer", "select * from " + table + " order by " + orderBy)) {
            String[] f = r.split("\\|");
            String customerId = table.equals("customer") ? f[0] : f[1];
            if (!customerId.equals("null") && range.contains(new HashVindex().keyspaceId(Value.of(Long.parseLong(customerId))))) {
                out.add(r);
            }
        }
        return out;
    }

    static void assertTargetMatchesSource(String db, KeyRange range) throws SQLException {
        assertEquals(expected("customer", "customer_id", range), rows(target, db, "select * from customer order by customer_id"), db);
        assertEquals(expected("corder", "order_id", range), rows(target, db, "select * from corder order by order_id"), db);
    }

    /** {@code n} customer ids from {@code from} up whose keyspace id falls in {@code range}. */
    static long[] idsIn(KeyRange range, long from, int n) {
        long[] out = new long[n];
        int k = 0;
        for (long id = from; k < n; id++) {
            if (range.contains(new HashVindex().keyspaceId(Value.of(id)))) {
                out[k++] = id;
            }
        }
        return out;
    }

    /** Transactions the target has committed so far: the sequence number of its own last GTID. */
    static long targetCommits() throws SQLException {
        String pos = rows(target, null, "select @@gtid_binlog_pos").get(0);
        return pos.isEmpty() ? 0 : Long.parseLong(pos.substring(pos.lastIndexOf('-') + 1));
    }

    static String sourcePosition() throws SQLException {
        return rows(source, null, "select @@gtid_binlog_pos").get(0);
    }

    @Test
    void reshardCopiesByKeyRangeThenCatchesUpAndResumesAfterARestart() throws Exception {
        SnapshotCopy.Result lo = copy("reshard.-80", "customer_lo", LOW).run();
        SnapshotCopy.Result hi = copy("reshard.80-", "customer_hi", HIGH).run();
        assertEquals(8, lo.rowsCopied(), "customers 1, 2, 3, 5 and their orders");
        assertEquals(2, hi.rowsCopied(), "customer 4 and its order");
        assertEquals(List.of("1", "2", "3", "5"), rows(target, "customer_lo", "select customer_id from customer order by 1"));
        assertEquals(List.of("4"), rows(target, "customer_hi", "select customer_id from customer order by 1"));
        assertEquals(0, copy("reshard.-80", "customer_lo", LOW).run().rowsCopied(), "a finished copy is not redone");

        BinlogCatchUp loStream = catchUp("reshard.-80", "customer_lo", LOW, 1_000_001);
        BinlogCatchUp hiStream = catchUp("reshard.80-", "customer_hi", HIGH, 1_000_002);
        loStream.start();
        hiStream.start();
        try {
            exec(source, "customer", "insert into customer(customer_id, email) select seq, concat('user', seq, '@domain.com') from seq_6_to_60");
            exec(source, "customer", "insert into corder(customer_id, sku, price) select seq, 'SKU-1001', seq from seq_1_to_60");
            exec(source, "customer", "update customer set email = 'alice@new.com' where customer_id = 1");
            exec(source, "customer", "delete from customer where customer_id = 2");
            // order 5 moves from customer 5 (-80) to customer 4 (80-): deleted on one side, inserted on the other
            exec(source, "customer", "update corder set customer_id = 4 where order_id = 5");
            exec(source, "customer", "update corder set order_id = 1000 where order_id = 3");
            String pos = sourcePosition();
            long t0 = System.nanoTime();
            assertTrue(loStream.waitForPosition(pos, Duration.ofSeconds(10)), "-80 caught up: " + loStream.error().orElse(loStream.position().toString()));
            assertTrue(hiStream.waitForPosition(pos, Duration.ofSeconds(10)), "80- caught up: " + hiStream.error().orElse(hiStream.position().toString()));
            System.out.printf("catch-up of 6 source transactions applied on both targets within %.1f ms of the last write%n", (System.nanoTime() - t0) / 1e6);
            assertTargetMatchesSource("customer_lo", LOW);
            assertTargetMatchesSource("customer_hi", HIGH);
        } finally {
            loStream.close();
            hiStream.close();
        }

        // written while no stream runs: a restarted stream picks them up from its stored position
        exec(source, "customer", "insert into customer(customer_id, email) values (61, 'late@domain.com'), (62, 'later@domain.com')");
        exec(source, "customer", "delete from corder where customer_id in (1, 4)");
        // and a backlog of single-row commits, as a busy source leaves while a copy runs
        int backlog = 2000;
        try (Connection c = source.connectAdmin("customer"); PreparedStatement ps = c.prepareStatement(
                "insert into customer(customer_id, email) values (?, 'backlog@domain.com')")) {
            for (int id = 1000; id < 1000 + backlog; id++) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
        assertEquals("running", rows(target, null, "select state from _shardops.stream where workflow = 'reshard.-80'").get(0));
        long targetCommitsBefore = targetCommits();
        BinlogCatchUp loAgain = catchUp("reshard.-80", "customer_lo", LOW, 1_000_001);
        BinlogCatchUp hiAgain = catchUp("reshard.80-", "customer_hi", HIGH, 1_000_002);
        loAgain.start();
        hiAgain.start();
        try {
            String pos = sourcePosition();
            assertTrue(loAgain.waitForPosition(pos, Duration.ofSeconds(10)), loAgain.error().orElse(""));
            assertTrue(hiAgain.waitForPosition(pos, Duration.ofSeconds(10)), hiAgain.error().orElse(""));
            assertTargetMatchesSource("customer_lo", LOW);
            assertTargetMatchesSource("customer_hi", HIGH);
            long commits = targetCommits() - targetCommitsBefore;
            assertTrue(commits > 0 && commits < backlog / 4, "a stream behind applies many source commits per target commit: "
                    + commits + " target commits for " + backlog + " source commits on two streams");

            // the source restarts under running streams: they reconnect from what they applied
            source.stop();
            source.start();
            exec(source, "customer", "insert into customer(customer_id, email) values (63, 'after@restart.com'), (64, 'again@restart.com')");
            exec(source, "customer", "update customer set email = 'x@y.z' where customer_id in (3, 4)");
            String afterRestart = sourcePosition();
            assertTrue(loAgain.waitForPosition(afterRestart, Duration.ofSeconds(20)), "-80 after source restart: " + loAgain.error().orElse(loAgain.position().toString()));
            assertTrue(hiAgain.waitForPosition(afterRestart, Duration.ofSeconds(20)), "80- after source restart: " + hiAgain.error().orElse(hiAgain.position().toString()));
            assertTargetMatchesSource("customer_lo", LOW);
            assertTargetMatchesSource("customer_hi", HIGH);

            // paused where it is, the stream applies nothing more; paused at a later position, it applies up to it, exactly
            long[] low = idsIn(LOW, 3000, 3);
            GtidPosition held = loAgain.pause(null);
            exec(source, "customer", "insert into customer(customer_id, email) values (" + low[0] + ", 'held@domain.com')");
            String first = sourcePosition();
            exec(source, "customer", "insert into customer(customer_id, email) values (" + low[1] + ", 'held2@domain.com')");
            String second = sourcePosition();
            Thread.sleep(300);
            assertEquals(held, loAgain.position(), "a paused stream applies nothing");
            assertEquals(List.of(), rows(target, "customer_lo", "select customer_id from customer where customer_id in (" + low[0] + ", " + low[1] + ")"));
            assertEquals(GtidPosition.parse(first), loAgain.pause(GtidPosition.parse(first)),
                    "a stream not yet at the position holds there");
            assertTrue(loAgain.waitForPosition(first, Duration.ofSeconds(10)), loAgain.error().orElse(""));
            Thread.sleep(300);
            assertEquals(first, loAgain.position().toString(), "held exactly at the position asked for");
            assertEquals(List.of(Long.toString(low[0])), rows(target, "customer_lo", "select customer_id from customer where customer_id in (" + low[0] + ", " + low[1] + ")"));
            assertEquals(GtidPosition.parse(first), loAgain.pause(GtidPosition.parse(held.toString())),
                    "a stream past the position asked for holds where it is");
            loAgain.resume();
            assertTrue(loAgain.waitForPosition(second, Duration.ofSeconds(10)), loAgain.error().orElse(""));
            assertTargetMatchesSource("customer_lo", LOW);
        } finally {
            loAgain.close();
            hiAgain.close();
        }
        assertEquals(sourcePosition(), rows(target, null, "select pos from _shardops.stream where workflow = 'reshard.80-'").get(0),
                "the stored position is the source's last transaction");
        int all = rows(source, "customer", "select customer_id from customer").size();
        int split = rows(target, "customer_lo", "select customer_id from customer").size() + rows(target, "customer_hi", "select customer_id from customer").size();
        assertEquals(all, split, "every customer is on exactly one side");
    }

    static final String FAULT_TABLE = "create table t(id bigint primary key, b varbinary(40), s varchar(40), d decimal(10,2),"
            + " ts datetime(3), f bit(5), n int)";
    // enough that the rows in flight in socket buffers when the source dies are not the whole table
    static final int FAULT_ROWS = 150_000;

    /**
     * kill -9 of the target's mysqld, then of the source's, each in the middle of a copy: the copy fails loudly,
     * and run again after the restart it finishes with every source row on the target exactly as the source holds
     * it, none written twice (the stored count of copied rows, kept in the same transactions as the rows, is exact).
     */
    @Test
    void aCopyCutByAKilledTargetOrSourceResumesExactlyAfterItsLastCommittedRow() throws Exception {
        try (Connection c = target.connectAdmin(null)) {
            StreamStore.ensureTables(c);
        }
        exec(source, null, "create database fault");
        exec(source, "fault", FAULT_TABLE);
        // non-ASCII bytes, accented text, quotes and backslashes, NULLs, bits: every column literal kind
        exec(source, "fault", "insert into t select seq, if(seq % 3 = 0, unhex(concat('FF00', hex(seq))), concat('b\\\\', seq, char(39))),"
                + " if(seq % 5 = 0, null, concat('caf\u00e9 ', seq)), seq / 7, '2026-12-02 06:00:00.123' + interval seq second,"
                + " seq % 32, if(seq % 11 = 0, null, -seq) from seq_1_to_" + FAULT_ROWS);
        for (Mysqld victim : List.of(target, source)) {
            String db = victim == target ? "fault_target_killed" : "fault_source_killed";
            exec(target, null, "create database " + db);
            exec(target, db, FAULT_TABLE);
            SnapshotCopy copy = new SnapshotCopy(db, () -> source.connectAdmin(null), "fault", () -> target.connectAdmin(null), db,
                    List.of(new SnapshotCopy.Table("t", RowSelector.all())), 500);
            CompletableFuture<SnapshotCopy.Result> cut = CompletableFuture.supplyAsync(() -> {
                try {
                    return copy.run();
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (storedRowsCopied(db) < 2_000 && !cut.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            victim.kill();
            ExecutionException failed = Assertions.assertThrows(
                    ExecutionException.class, () -> cut.get(60, TimeUnit.SECONDS),
                    "the copy must fail when its " + (victim == target ? "target" : "source") + " dies, not finish early");
            System.out.println("copy cut by kill -9 of the " + (victim == target ? "target" : "source") + ": " + failed.getCause().getMessage());
            victim.start();
            long before = storedRowsCopied(db);
            assertTrue(before > 0 && before < FAULT_ROWS, "the kill came mid-copy, after " + before + " committed rows");
            SnapshotCopy.Result resumed = new SnapshotCopy(db, () -> source.connectAdmin(null), "fault", () -> target.connectAdmin(null), db,
                    List.of(new SnapshotCopy.Table("t", RowSelector.all())), 500).run();
            assertEquals(FAULT_ROWS - before, resumed.rowsCopied(), "the resumed copy writes only the rows after the last committed one");
            assertEquals(FAULT_ROWS, storedRowsCopied(db));
            String all = "select id, hex(b), hex(s), d, ts, f + 0, n from t order by id";
            assertEquals(rows(source, "fault", all), rows(target, db, all), "the target holds exactly the source's rows");
        }
    }

    static final String TEMPORAL_TABLE = "create table tm(id bigint primary key, dt datetime(6), dt0 datetime, t time(6), t3 time(3),"
            + " t1 time(1), t0 time, d date, ts timestamp(6) null, ts0 timestamp null, y year)";

    /**
     * Temporal values written while the stream follows the binlog arrive exactly: DATETIME(6), TIMESTAMP(6) and TIME(n)
     * with their microseconds, negative and long TIMEs, zero dates. The binlog library's defaults cut DATETIME and
     * TIMESTAMP to whole seconds and turned a negative TIME into a large positive one.
     */
    @Test
    void temporalValuesFromTheBinlogArriveExactly() throws Exception {
        try (Connection c = target.connectAdmin(null)) {
            StreamStore.ensureTables(c);
        }
        exec(source, null, "create database temporal");
        exec(source, "temporal", TEMPORAL_TABLE);
        exec(target, null, "create database temporal_copy");
        exec(target, "temporal_copy", TEMPORAL_TABLE);
        exec(source, "temporal", "insert into tm values (1, '2026-12-08 02:03:47.072782', '2026-12-08 02:03:47', '12:34:56.000789',"
                + " '01:02:03.5', '00:00:00.1', '838:59:59', '2024-02-29', '2026-12-08 02:03:47.000001', '2026-12-08 02:03:47', 2026)");
        List<SnapshotCopy.Table> t = List.of(new SnapshotCopy.Table("tm", RowSelector.all()));
        new SnapshotCopy("temporal", () -> source.connectAdmin(null), "temporal", () -> target.connectAdmin(null), "temporal_copy", t, 100).run();
        BinlogCatchUp stream = new BinlogCatchUp(new CatchUpConfig("temporal", new BinlogSource("127.0.0.1", source.port(),
                MysqlAccounts.ADMIN_USER, CREDENTIALS.mysqlAccounts().adminPassword(), "temporal"), () -> source.connectAdmin(null),
                () -> target.connectAdmin(null), "temporal_copy", t, 1_000_009));
        stream.start();
        try {
            exec(source, "temporal", "set sql_mode = ''");
            try (Connection c = source.connectAdmin("temporal"); Statement st = c.createStatement()) {
                st.execute("set sql_mode = ''");
                st.execute("insert into tm values (2, '1000-01-01 00:00:00.000001', '9999-12-31 23:59:59', '-12:34:56.000789',"
                        + " '-01:02:03.456', '-00:00:00.9', '-838:59:59', '1000-01-01', '1970-01-01 00:00:01.5', null, 1901),"
                        + " (3, '0000-00-00 00:00:00', '0000-00-00 00:00:00', '00:00:00', '-00:00:01.001', '23:59:59.9', '-00:00:01',"
                        + " '0000-00-00', '2038-01-19 03:14:07.999999', '0000-00-00 00:00:00', 0)");
                st.execute("update tm set dt = '2026-12-08 02:03:47.999999', t = '-00:00:00.000001', ts = '2030-06-01 12:00:00.654321' where id = 1");
            }
            assertTrue(stream.waitForPosition(sourcePosition(), Duration.ofSeconds(10)), stream.error().orElse(""));
            String all = "select * from tm order by id";
            assertEquals(rows(source, "temporal", all), rows(target, "temporal_copy", all), "the target holds exactly the source's values");
        } finally {
            stream.close();
        }
    }

    static long storedRowsCopied(String workflow) throws SQLException {
        List<String> r = rows(target, null, "select rows_copied from _shardops.stream where workflow = '" + workflow + "'");
        return r.isEmpty() ? 0 : Long.parseLong(r.get(0));
    }
}
