package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.archive.ArchiveCatalog;
import io.shardops.dataplane.archive.SegmentManifest;
import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.LocalDirectoryLocation;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.replication.GtidPosition;
import io.shardops.s3.S3Location;
import io.shardops.s3.S3ProxyServer;
import io.shardops.s3.S3Url;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time recovery as a user does it: a backup, more writes, a {@code DROP TABLE} by mistake, then
 * {@code shardops restore commerce --to <one second before the drop> --into commerce_snap}: through the gateway the
 * snapshot keyspace has every row committed before that time and none after, the dropped table with its rows, and
 * refuses writes; a plan of the spec leaves it alone.
 */
class PointInTimeRestoreIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** {@code shardops ARGS} in this JVM with its output and its error output captured together. */
    static synchronized BackupRestoreIT.Run shardops(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BackupRestoreIT.Run run;
        try (PrintStream tee = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(tee);
            run = BackupRestoreIT.shardops(args);
        } finally {
            System.setErr(oldErr);
        }
        String e = err.toString(StandardCharsets.UTF_8);
        System.out.println(e);
        return new BackupRestoreIT.Run(run.exit(), run.out() + e);
    }

    static void exec(LiveCluster c, String database, String sql) throws SQLException {
        try (Connection conn = c.connect(database); Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    @Test
    void restoreToOneSecondBeforeADropBringsBackEveryRowCommittedBeforeAndNoneAfter() throws Exception {
        restoreScenario(null);
    }

    /** The same with backups and the binlog archive in S3 (S3Proxy, a real S3 server, on loopback). */
    @Test
    void theSameWithAnS3Location() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3proxy"), "shardops-pitr")) {
            restoreScenario(s3);
            try (S3Location bucket = S3Location.open(new S3Url(s3.bucket(), "pitr/"), s3.options())) {
                assertFalse(bucket.list("binlogs/commerce/0/").isEmpty(), "the archive is in the bucket");
                assertFalse(bucket.list("commerce/0/").isEmpty(), "the backup is in the bucket");
            }
        }
    }

    void restoreScenario(S3ProxyServer s3) throws Exception {
        LiveCluster c = LiveCluster.withSpecs(ROOT.resolve("examples/phases"), tmp.resolve("spec"), tmp.resolve("state"), FreePorts.one());
        String state = tmp.resolve("state").toString();
        if (s3 != null) {
            Path spec = c.spec("101_initial_cluster");
            Files.writeString(spec, Files.readString(spec).replace("  tabletDefaults: {replica: 2, rdonly: 1}",
                    "  tabletDefaults: {replica: 2, rdonly: 1}\n  backup:\n    location: s3://" + s3.bucket() + "/pitr\n"
                            + "    credentials: {file: " + s3.credentialsFile().toAbsolutePath() + "}"));
        }
        try {
            c.run("up", "101_initial_cluster");
            if (s3 == null) {
                backupPolicyChangeIsPlannedThenRecorded(c, state);
            }
            c.mysql(ROOT.resolve("examples/data/insert_commerce_data.sql"));
            BackupRestoreIT.Run backup = BackupRestoreIT.shardops("backup", "commerce", "--state-dir", state);
            assertEquals(0, backup.exit(), backup.out());

            BackupRestoreIT.Run early = shardops("restore", "commerce", "--to", Instant.now().minusSeconds(3600)
                    .truncatedTo(ChronoUnit.SECONDS).toString(), "--into", "commerce_old", "--state-dir", state);
            assertEquals(1, early.exit(), early.out());
            assertTrue(early.out().contains("no backup of commerce/0") && early.out().contains("shardops backup commerce"), early.out());
            BackupRestoreIT.Run badTime = shardops("restore", "commerce", "--to", "yesterday noon", "--into", "commerce_old",
                    "--state-dir", state);
            assertEquals(1, badTime.exit(), badTime.out());
            assertTrue(badTime.out().contains("2026-12-07T13:05:00Z"), badTime.out());

            // after the backup: these come back from the binlog archive
            for (int i = 1; i <= 20; i++) {
                exec(c, "commerce", "INSERT INTO customer (customer_id, email) VALUES (" + (5000 + i) + ", 'before" + i + "@example.com')");
            }
            exec(c, "commerce", "UPDATE product SET description = 'renamed before' WHERE sku = 'SKU-1001'");
            Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
            sleepUntil(time.plusMillis(50));
            // committed at or after the time: must not come back
            for (int i = 1; i <= 10; i++) {
                exec(c, "commerce", "INSERT INTO customer (customer_id, email) VALUES (" + (6000 + i) + ", 'after" + i + "@example.com')");
            }
            sleepUntil(time.plusMillis(1100));
            Set<Long> orders = c.ids("commerce", "SELECT order_id FROM corder");
            assertFalse(orders.isEmpty());
            Instant drop = Instant.now();
            exec(c, "commerce", "DROP TABLE corder");
            Instant to = drop.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
            assertEquals(time, to, "the restore time is one second before the drop, as a user reads it off a log");

            BackupRestoreIT.Run restore = shardops("restore", "commerce", "--to", to.toString(), "--into", "commerce_snap",
                    "--state-dir", state);
            assertEquals(0, restore.exit(), restore.out());
            assertTrue(restore.out().contains("use commerce_snap"), restore.out());

            awaitRouted(c, "commerce_snap");
            Set<Long> customers = c.ids("commerce_snap", "SELECT customer_id FROM customer");
            Set<Long> expected = new TreeSet<>(c.ids("commerce", "SELECT customer_id FROM customer WHERE customer_id < 6000"));
            assertEquals(expected, customers, "every customer committed before " + to + ", none after");
            assertFalse(customers.stream().anyMatch(id -> id > 6000), "rows committed after the time are not there");
            assertEquals(orders, c.ids("commerce_snap", "SELECT order_id FROM corder"), "the dropped table is back with its rows");
            try (Connection conn = c.connect("commerce_snap"); Statement st = conn.createStatement();
                 var rs = st.executeQuery("SELECT description FROM product WHERE sku = 'SKU-1001'")) {
                assertTrue(rs.next());
                assertEquals("renamed before", rs.getString(1));
            }
            String write = "";
            try {
                exec(c, "commerce_snap", "INSERT INTO customer (customer_id, email) VALUES (7001, 'x@example.com')");
            } catch (SQLException e) {
                write = e.getMessage();
            }
            assertTrue(write.toLowerCase().contains("denied"), "the snapshot is read-only: '" + write + "'");

            BackupRestoreIT.Run plan = BackupRestoreIT.shardops("plan", c.spec("101_initial_cluster").toString(), "--state-dir", state);
            assertFalse(plan.out().contains("commerce_snap"), "a plan of the spec leaves the snapshot keyspace alone:\n" + plan.out());
            BackupRestoreIT.Run status = BackupRestoreIT.shardops("status", "--state-dir", state);
            assertTrue(status.out().contains("Binlog archive") && status.out().contains("commerce/0"), status.out());

            if (s3 == null) {
                prunedBackupsTakeTheirArchivedBinlogsAlongAndARestoreStillWorks(c, state);
            }
            snapshotIsDroppedAndOnlyASnapshot(c, state, "commerce_snap");
        } finally {
            Path log = tmp.resolve("state/logs/node.log");
            if (Files.exists(log)) {
                Files.readAllLines(log).stream().filter(l -> l.contains("archive")).forEach(l -> System.out.println("node.log: " + l));
            }
            c.down();
        }
    }

    /**
     * A spec that adds a backup policy shows a set-backup-policy step in its plan and records nothing until it is
     * applied; applied, the policy is where the node's scheduler and shardops backup read it, and the plan is empty.
     */
    static void backupPolicyChangeIsPlannedThenRecorded(LiveCluster c, String state) throws Exception {
        Path spec = c.spec("101_initial_cluster");
        String original = Files.readString(spec);
        Files.writeString(spec, original.replace("  tabletDefaults: {replica: 2, rdonly: 1}",
                "  tabletDefaults: {replica: 2, rdonly: 1}\n  backup:\n    schedule: 6h\n    keep: 3"));
        Path recorded = Path.of(state).resolve("backup-policy.json");
        BackupRestoreIT.Run plan = BackupRestoreIT.shardops("plan", spec.toString(), "--state-dir", state);
        assertTrue(plan.out().contains("set-backup-policy commerce"), plan.out());
        assertTrue(plan.out().contains("every 6h, keep 3, from rdonly -> the default location"), plan.out());
        assertFalse(Files.exists(recorded) && Files.readString(recorded).contains("\"6h\""), "a plan records nothing");

        c.run("up", "101_initial_cluster");
        String policy = Files.readString(recorded);
        assertTrue(policy.contains("\"schedule\" : \"6h\"") && policy.contains("\"keep\" : 3"), policy);
        BackupRestoreIT.Run again = BackupRestoreIT.shardops("plan", spec.toString(), "--state-dir", state);
        assertFalse(again.out().contains("set-backup-policy"), "applied: nothing left to plan\n" + again.out());
        assertEquals(3, c.topology().keyspace("commerce").orElseThrow().backup().keep(), "the keyspace's record holds it");

        Files.writeString(spec, original);
        c.run("up", "101_initial_cluster");
        assertFalse(Files.readString(recorded).contains("\"commerce\""), "removed from the spec: the default applies again");
    }

    /**
     * A backup with --keep 1 prunes the older backup and the archived binlogs only it could use; a restore from the
     * kept backup to a time after it still has every row.
     */
    static void prunedBackupsTakeTheirArchivedBinlogsAlongAndARestoreStillWorks(LiveCluster c, String state) throws Exception {
        // two quiet gaps longer than the archive's 2 s cut: at least two more segments
        exec(c, "commerce", "INSERT INTO customer (customer_id, email) VALUES (8001, 'gap1@example.com')");
        Thread.sleep(3500);
        exec(c, "commerce", "INSERT INTO customer (customer_id, email) VALUES (8002, 'gap2@example.com')");
        Thread.sleep(3500);
        BackupLocation location = new LocalDirectoryLocation(Path.of(state).resolve("backups"));
        int before = new ArchiveCatalog(location).segments("commerce", "0").size();
        assertTrue(before >= 3, "segments before pruning: " + before);

        BackupRestoreIT.Run backup = BackupRestoreIT.shardops("backup", "commerce", "--keep", "1", "--state-dir", state);
        assertEquals(0, backup.exit(), backup.out());
        assertTrue(backup.out().contains("archived binlog segment(s)"), backup.out());
        List<BackupManifest> kept = new BackupCatalog(location).shard("commerce", "0");
        assertEquals(1, kept.size());
        GtidPosition oldestKept = GtidPosition.parse(kept.get(0).gtidPosition());
        List<SegmentManifest> left = new ArchiveCatalog(location).segments("commerce", "0");
        assertTrue(left.size() < before, left.size() + " of " + before + " segments left");
        for (SegmentManifest m : left.subList(0, left.size() - 1)) {
            assertFalse(oldestKept.contains(m.end()), "segment " + m.number() + " is wholly within the kept backup and should be gone");
        }

        exec(c, "commerce", "INSERT INTO customer (customer_id, email) VALUES (8003, 'after-backup@example.com')");
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        sleepUntil(to.plusMillis(200));
        BackupRestoreIT.Run restore = shardops("restore", "commerce", "--to", to.toString(), "--into", "commerce_later",
                "--state-dir", state);
        assertEquals(0, restore.exit(), restore.out());
        awaitRouted(c, "commerce_later");
        assertEquals(c.ids("commerce", "SELECT customer_id FROM customer"), c.ids("commerce_later", "SELECT customer_id FROM customer"),
                "restored from the kept backup and the binlogs after it");
        snapshotIsDroppedAndOnlyASnapshot(c, state, "commerce_later");
    }

    /** restore --drop: the snapshot's tablets stop, it leaves the topology and the gateway, its datadirs go; a spec's keyspace is refused. */
    static void snapshotIsDroppedAndOnlyASnapshot(LiveCluster c, String state, String snapshot) throws Exception {
        BackupRestoreIT.Run refused = shardops("restore", "--drop", "commerce", "--state-dir", state);
        assertEquals(1, refused.exit(), refused.out());
        assertTrue(refused.out().contains("commerce is not a snapshot keyspace"), refused.out());
        assertFalse(c.ids("commerce", "SELECT customer_id FROM customer").isEmpty(), "commerce is untouched");

        List<String> aliases = c.topology().tablets().values().stream().filter(t -> t.keyspace().equals(snapshot))
                .map(t -> t.alias()).toList();
        assertFalse(aliases.isEmpty());
        BackupRestoreIT.Run drop = shardops("restore", "--drop", snapshot, "--state-dir", state);
        assertEquals(0, drop.exit(), drop.out());
        var t = c.topology();
        assertTrue(t.keyspace(snapshot).isEmpty(), "gone from the topology");
        assertTrue(t.tablets().values().stream().noneMatch(r -> r.keyspace().equals(snapshot)), "its tablets are gone");
        for (String alias : aliases) {
            assertFalse(Files.exists(Path.of(state).resolve("tablets").resolve(alias)), "datadir of " + alias + " deleted");
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        String error = "";
        while (System.nanoTime() < deadline) {
            try {
                c.ids(snapshot, "SELECT customer_id FROM customer");
                Thread.sleep(200);
            } catch (SQLException e) {
                error = e.getMessage();
                break;
            }
        }
        assertFalse(error.isEmpty(), "the gateway no longer routes " + snapshot);
        BackupRestoreIT.Run twice = shardops("restore", "--drop", snapshot, "--state-dir", state);
        assertEquals(1, twice.exit(), twice.out());
        assertTrue(twice.out().contains("does not exist"), twice.out());
    }

    /**
     * The gateway learns of the new keyspace from etcd a moment after the command returns (its routing follower
     * batches topology events); wait for that, bounded, as an application reconnecting would.
     */
    private static void awaitRouted(LiveCluster c, String keyspace) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                c.ids(keyspace, "SELECT 1");
                return;
            } catch (java.sql.SQLException e) {
                if (System.nanoTime() > deadline || e.getMessage() == null || !e.getMessage().contains("no serving tablet")) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
