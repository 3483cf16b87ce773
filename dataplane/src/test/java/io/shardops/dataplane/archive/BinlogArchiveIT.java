package io.shardops.dataplane.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.backup.LocalDirectoryLocation;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.replication.GtidPosition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive of a real MariaDB's binlog, replayed into a second one up to a time: every row committed before
 * it is there, none after, and the table dropped after it exists. The archiver is stopped mid-way and a new one
 * resumes from the location alone, without a gap or a transaction twice.
 */
class BinlogArchiveIT {
    static final ClusterCredentials CREDENTIALS = ClusterCredentials.generate();
    static final BinlogArchiver.Settings FAST = new BinlogArchiver.Settings(Duration.ofSeconds(30), Duration.ofMillis(500), 64L << 20);
    @TempDir
    static Path dir;
    static Mysqld primary;
    static Mysqld restored;

    @BeforeAll
    static void startServers() throws Exception {
        List<Integer> ports = FreePorts.several(2);
        primary = new Mysqld(MysqldConfig.forTablet(601, dir.resolve("primary"), ports.get(0)), CREDENTIALS.mysqlAccounts());
        restored = new Mysqld(MysqldConfig.forTablet(602, dir.resolve("restored"), ports.get(1)), CREDENTIALS.mysqlAccounts());
        CompletableFuture.allOf(CompletableFuture.runAsync(primary::start), CompletableFuture.runAsync(restored::start)).get();
        exec(primary, null, "SET GLOBAL read_only = 0");
        exec(restored, null, "SET GLOBAL read_only = 0");
    }

    @AfterAll
    static void stopServers() {
        primary.stop();
        restored.stop();
    }

    BinlogArchiver archiver(LocalDirectoryLocation location) {
        BinlogArchiver a = new BinlogArchiver(location, "shop", "0", MysqlAccounts.ADMIN_USER,
                CREDENTIALS.mysqlAccounts().adminPassword(), FAST, Clock.systemUTC()).start();
        a.follow(new BinlogArchiver.Source("zone1-0000000601", "127.0.0.1", primary.port()));
        return a;
    }

    @Test
    void replayUpToATimeKeepsEveryRowBeforeItAndNoneAfterAcrossAnArchiverRestart() throws Exception {
        LocalDirectoryLocation location = new LocalDirectoryLocation(dir.resolve("location"));
        exec(primary, null, "CREATE DATABASE shop");
        exec(primary, "shop", "CREATE TABLE orders(id BIGINT PRIMARY KEY, note VARCHAR(64))");
        exec(primary, null, "CREATE DATABASE other");
        exec(primary, "other", "CREATE TABLE noise(id BIGINT PRIMARY KEY)");
        BinlogArchiver first = archiver(location);
        for (int i = 1; i <= 20; i++) {
            exec(primary, "shop", "INSERT INTO orders VALUES (" + i + ", 'before')");
            exec(primary, "other", "INSERT INTO noise VALUES (" + i + ")");
        }
        awaitSegments(location, 1);
        // the follower goes away mid-stream (its pending segment is lost); a new one carries on from the location
        first.close();
        for (int i = 21; i <= 40; i++) {
            exec(primary, "shop", "INSERT INTO orders VALUES (" + i + ", 'before')");
        }
        BinlogArchiver second = archiver(location);
        try {
            Thread.sleep(1100);
            Instant stopAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            // the next whole second: everything from here on has a binlog timestamp at or after stopAt
            Thread.sleep(Duration.between(Instant.now(), stopAt.plusSeconds(1)).toMillis() + 50);
            for (int i = 41; i <= 60; i++) {
                exec(primary, "shop", "INSERT INTO orders VALUES (" + i + ", 'after')");
            }
            exec(primary, "shop", "DROP TABLE orders");
            Instant dropped = Instant.now();
            awaitCoverage(location, dropped);

            List<SegmentManifest> segments = new ArchiveCatalog(location).segments("shop", "0");
            for (int i = 1; i < segments.size(); i++) {
                assertEquals(segments.get(i - 1).endPosition(), segments.get(i).startPosition(), "segments follow each other");
            }
            BinlogReplay.Result r = new BinlogReplay(location).replay("shop", "0", "shop", GtidPosition.EMPTY, stopAt,
                    new BinlogReplay.Target("127.0.0.1", restored.port(), MysqlAccounts.ADMIN_USER,
                            CREDENTIALS.mysqlAccounts().adminPassword()), dir.resolve("replay"));
            assertTrue(!r.segments().isEmpty());
            List<String> ids = rows(restored, "shop", "SELECT id FROM orders ORDER BY id");
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                expected.add(Integer.toString(i));
            }
            assertEquals(expected, ids, "rows 1-40 were committed before the time, 41-60 after");
            assertEquals(List.of(), rows(restored, null, "SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'other'"),
                    "only the keyspace's database is replayed");

            ArchiveGapException future = assertThrows(ArchiveGapException.class, () -> new BinlogReplay(location)
                    .plan("shop", "0", GtidPosition.EMPTY, Instant.now().plusSeconds(3600)));
            assertTrue(future.getMessage().contains("wait for it to catch up"), future.getMessage());
        } finally {
            second.close();
        }
    }

    static void awaitSegments(LocalDirectoryLocation location, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (new ArchiveCatalog(location).segments("shop", "0").size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + n + " archived segments in 30 s");
            }
            Thread.sleep(100);
        }
    }

    static void awaitCoverage(LocalDirectoryLocation location, Instant t) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (new ArchiveCatalog(location).coveredThrough("shop", "0").map(c -> c.isBefore(t)).orElse(true)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the archive did not reach " + t + " in 30 s: "
                        + new ArchiveCatalog(location).coveredThrough("shop", "0"));
            }
            Thread.sleep(100);
        }
    }

    static void exec(Mysqld m, String db, String sql) throws SQLException {
        try (Connection c = m.connectAdmin(db); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static List<String> rows(Mysqld m, String db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = m.connectAdmin(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
