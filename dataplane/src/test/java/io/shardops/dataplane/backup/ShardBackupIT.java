package io.shardops.dataplane.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysqlctl.MariaDbInstallation;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.mysqlctl.TemplateDataDir;
import io.shardops.dataplane.process.FreePorts;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mariadb-backup against real MariaDB servers: backup, restore into another server, corruption, a killed tool. */
class ShardBackupIT {
    @TempDir
    Path dir;

    private final List<Mysqld> started = new ArrayList<>();
    private Mysqld source;
    private BackupCatalog catalog;
    private BackupRequest request;

    @BeforeEach
    void sourceWithRows() throws Exception {
        TemplateDataDir.ensure(MariaDbInstallation.detect());
        source = server(101);
        source.start();
        try (Connection c = source.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute("SET GLOBAL read_only = 0");
            st.execute("CREATE DATABASE shop");
            st.execute("CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, note VARCHAR(64)) ENGINE=InnoDB");
            st.execute("INSERT INTO shop.orders SELECT seq, CONCAT('order ', seq) FROM shop.seq_1_to_5000");
        }
        catalog = new BackupCatalog(new LocalDirectoryLocation(dir.resolve("backups")));
        request = new BackupRequest(dir.resolve("backups").toString(), "", "shop", "0", "-");
    }

    @AfterEach
    void stopAll() {
        started.forEach(Mysqld::stop);
    }

    private Mysqld server(int uid) {
        Mysqld m = new Mysqld(MysqldConfig.forTablet(uid, dir.resolve("t" + uid), FreePorts.one()).withAppDatabase("shop"));
        started.add(m);
        return m;
    }

    private ShardBackup backups() {
        return new ShardBackup(source.config(), source.accounts(), "zone1-0000000101", Clock.systemUTC());
    }

    private static String query(Mysqld m, String sql) throws Exception {
        try (Connection c = m.connectAdmin(null); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void restoredServerHasTheRowsAndReplicatesWhatCameAfter() throws Exception {
        BackupManifest m = backups().take(request);
        assertEquals(query(source, "SELECT @@gtid_binlog_pos"), m.gtidPosition());
        assertEquals(List.of(m), catalog.shard("shop", "0"));
        assertTrue(m.sizeBytes() > 0 && m.sizeBytes() < m.rawBytes(), m.sizeBytes() + " stored of " + m.rawBytes());
        assertEquals(List.of(), scratchLeft(), "the scratch directory is deleted");

        Mysqld replica = server(102);
        replica.start();
        ShardRestore.restoreInto(replica, catalog, m);
        assertEquals("5000", query(replica, "SELECT COUNT(*) FROM shop.orders"));
        assertEquals(query(source, "CHECKSUM TABLE shop.orders"), query(replica, "CHECKSUM TABLE shop.orders"));
        assertEquals(m.gtidPosition(), query(replica, "SELECT @@gtid_slave_pos"));

        try (Connection c = source.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute("INSERT INTO shop.orders VALUES (5001, 'after the backup')");
        }
        try (Connection c = replica.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + source.port() + ", MASTER_USER='shardops', MASTER_PASSWORD='"
                    + source.accounts().adminPassword() + "', MASTER_USE_GTID=slave_pos");
            st.execute("START SLAVE");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!query(replica, "SELECT COUNT(*) FROM shop.orders").equals("5001") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("after the backup", query(replica, "SELECT note FROM shop.orders WHERE id = 5001"));
    }

    @Test
    void aBackupStagedOnDiskRestoresLikeAPipedOne() throws Exception {
        BackupManifest m = backups().stageOnDisk(true).take(request);
        Mysqld replica = server(102);
        replica.start();
        ShardRestore.restoreInto(replica, catalog, m);
        assertEquals("5000", query(replica, "SELECT COUNT(*) FROM shop.orders"));
        assertEquals(query(source, "CHECKSUM TABLE shop.orders"), query(replica, "CHECKSUM TABLE shop.orders"));
        assertEquals(List.of(), scratchLeft(), "the staged stream is deleted with its scratch directory");
    }

    /** Scratch directories of backups under the source tablet's directory. */
    private List<Path> scratchLeft() throws Exception {
        try (var list = java.nio.file.Files.list(source.config().tabletDir())) {
            return list.filter(p -> p.getFileName().toString().startsWith("backup-")).toList();
        }
    }

    @Test
    void verificationRestoresAndComparesEveryTable() throws Exception {
        BackupManifest m = backups().take(request);
        try (Connection c = source.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute("INSERT INTO shop.orders VALUES (5001, 'after the backup')");
        }
        BackupVerification.Result r = BackupVerification.verify(source, "shop", catalog, m, Duration.ofSeconds(60));
        assertEquals(List.of("orders"), r.tables().stream().map(BackupVerification.TableCheck::table).toList());
        assertTrue(r.ok(), r.toString());
        assertEquals(query(source, "SELECT @@gtid_current_pos"), r.position());
    }

    @Test
    void corruptedBackupFailsLoudlyBeforeTouchingTheServer() throws Exception {
        BackupManifest m = backups().take(request);
        Path data = dir.resolve("backups").resolve(m.dataObject());
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0xff);
        }
        Mysqld replica = server(102);
        replica.start();
        try (Connection c = replica.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute("SET GLOBAL read_only = 0");
            st.execute("CREATE DATABASE untouched");
        }
        BackupException e = assertThrows(BackupException.class, () -> ShardRestore.restoreInto(replica, catalog, m));
        assertTrue(e.getMessage().contains("CORRUPT"), e.getMessage());
        assertTrue(replica.isRunning());
        assertEquals("untouched", query(replica, "SHOW DATABASES LIKE 'untouched'"));
    }

    @Test
    void killedToolLeavesNoBackupAndTheNextOneSucceeds() throws Exception {
        killedToolLeavesNothing(backups());
    }

    @Test
    void killedToolWritingAStagedStreamLeavesNoBackupAndTheNextOneSucceeds() throws Exception {
        killedToolLeavesNothing(backups().stageOnDisk(true));
        assertEquals(List.of(), scratchLeft(), "the staged stream is deleted with its scratch directory");
    }

    private void killedToolLeavesNothing(ShardBackup backups) throws Exception {
        CompletableFuture<BackupManifest> running = CompletableFuture.supplyAsync(() -> backups.take(request));
        Optional<ProcessHandle> tool = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && (tool.isEmpty() || backups.progress().rawBytes() == 0)) {
            tool = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("mariadb-backup")).findFirst();
            Thread.sleep(5);
        }
        assertTrue(tool.isPresent(), "mariadb-backup was not seen running");
        new ProcessBuilder("kill", "-9", String.valueOf(tool.get().pid())).start().waitFor();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> running.get(60, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof BackupException, String.valueOf(failed.getCause()));
        assertEquals(List.of(), catalog.shard("shop", "0"));
        assertEquals(List.of(), catalog.location().list(""), "no object of the killed backup is visible");

        Thread.sleep(1100); // the next backup's name has a later second
        BackupManifest next = backups.take(request);
        assertEquals(List.of(next), catalog.shard("shop", "0"));
        assertFalse(backups.progress().running());
    }
}
