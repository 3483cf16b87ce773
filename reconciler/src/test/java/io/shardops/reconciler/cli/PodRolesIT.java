package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.dataplane.backup.LocalDirectoryLocation;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.reconciler.backup.AppliedBackupPolicy;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.SrvKeyspace;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.reconciler.topo.etcd.LocalEtcd;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Kubernetes pod roles on real parts: a MariaDB started as the mysqld sidecar would be (root from
 * 127.0.0.1 without password, none of the tablet's accounts), a real etcd, {@code shardops tablet} over
 * it and {@code shardops gateway} routing to it, both parsed from the command lines the manifests use.
 */
class PodRolesIT {
    private static final String CLUSTER = "pods";
    private static LocalEtcd etcd;
    private static Mysqld sidecar;
    private static EtcdTopoStore store;
    private static final ClusterCredentials CREDENTIALS =
            ClusterCredentials.generate();
    private static Path credentialsFile;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("shardops-pod-roles-it");
        credentialsFile = dir.resolve("secrets/credentials.json");
        CREDENTIALS.write(credentialsFile);
        etcd = LocalEtcd.start(LocalEtcd.Config.in(dir.resolve("etcd")));
        store = EtcdTopoStore.connect(etcd.endpoint());
        sidecar = new Mysqld(MysqldConfig.forTablet(100, dir.resolve("mysqld"), FreePorts.one()));
        sidecar.start();
        // make it look like a fresh mariadb image: root from 127.0.0.1, no shardops accounts
        try (Connection c = sidecar.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            st.execute("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
        }
        try (Connection c = root(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            for (String user : List.of(MysqlAccounts.ADMIN_USER, MysqlAccounts.APP_USER)) {
                for (String host : List.of("127.0.0.1", "localhost", "%")) {
                    st.execute("DROP USER IF EXISTS '" + user + "'@'" + host + "'");
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (sidecar != null) {
            sidecar.stop();
        }
        if (etcd != null) {
            etcd.stop();
        }
    }

    private static Connection root() throws Exception {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + sidecar.port() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true", "root", "");
    }

    private static <T> T parse(T command, String line) {
        new CommandLine(command).parseArgs(line.split(" "));
        return command;
    }

    @Test
    void aTabletOverTheSidecarRegistersServesAndIsReachedThroughAGateway() throws Exception {
        int managerPort = FreePorts.one();
        int queryPort = FreePorts.one();
        int gatewayPort = FreePorts.one();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        // the tablet container's command line (TabletPoolManifest), plus the free ports a shared test machine needs
        String tabletLine = replicaLine("commerce", 100, sidecar.port(), managerPort, queryPort)
                + " --tablet-dir=" + Files.createTempDirectory("shardops-pod-tablet");
        TabletCommand.Running tablet = parse(new TabletCommand(), tabletLine).start(out);
        String alias = TabletRecord.alias("zone1", 100);
        try {
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("tablet " + alias + " (commerce/0 replica) serving"), log.toString());
            assertEquals(1, log.toString(StandardCharsets.UTF_8).lines().count(), "one line when ready:\n" + log);
            assertEquals(200, httpStatus("http://127.0.0.1:" + managerPort + "/healthz"));

            // the tablet created its accounts and made the server read-only, as its own mysqld would start
            try (Connection c = root(); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM mysql.global_priv WHERE User IN ('"
                        + MysqlAccounts.ADMIN_USER + "', '" + MysqlAccounts.APP_USER + "')")) {
                    rs.next();
                    assertEquals(6, rs.getInt(1), "admin and app accounts for 127.0.0.1, localhost and %");
                }
                try (ResultSet rs = st.executeQuery("SELECT @@global.read_only, @@global.server_id, @@global.binlog_format, @@global.gtid_binlog_pos")) {
                    rs.next();
                    assertEquals("1", rs.getString(1), "read_only, as a replica's own mysqld starts");
                    assertEquals(100, rs.getInt(2), "server_id = uid");
                    assertEquals("ROW", rs.getString(3));
                    assertEquals("", rs.getString(4), "creating the accounts wrote nothing to the binlog a replica would lack");
                }
            }

            TabletRecord registered = awaitRecord(alias, r -> r.type() == TabletType.REPLICA && r.state() == TabletState.SERVING);
            assertEquals(new TabletRecord(alias, "zone1", 100, "commerce", "0", TabletType.REPLICA, "127.0.0.1", queryPort, managerPort,
                    sidecar.port(), TabletState.SERVING), registered);

            // made primary (as apply's init-primary step does over HTTP), the record follows
            tablet.tablet().manager().initPrimary();
            tablet.tablet().manager().applySchema(List.of("create table product (sku varchar(32) primary key, price int)"));
            awaitRecord(alias, r -> r.type() == TabletType.PRIMARY && r.state() == TabletState.SERVING);
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + queryPort + "/commerce?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                    MysqlAccounts.APP_USER, CREDENTIALS.mysqlAccounts().appPassword()); Statement st = c.createStatement()) {
                st.executeUpdate("insert into product values ('SKU-1001', 100)");
                try (ResultSet rs = st.executeQuery("select price from product where sku = 'SKU-1001'")) {
                    assertTrue(rs.next());
                    assertEquals(100, rs.getInt(1));
                }
            }

            TopologyWriter w = new TopologyWriter(store, CLUSTER);
            w.createKeyspace(KeyspaceRecord.servingItself("commerce"));
            w.createShard(new ShardRecord("commerce", "0", KeyRange.FULL, alias, true, List.of(), List.of()));
            w.putSrvKeyspace(new SrvKeyspace("zone1", "commerce", List.of(
                    new SrvKeyspace.Partition(TabletType.PRIMARY, List.of("0")),
                    new SrvKeyspace.Partition(TabletType.REPLICA, List.of("0")),
                    new SrvKeyspace.Partition(TabletType.RDONLY, List.of("0"))), List.of()));

            log.reset();
            GatewayCommand gatewayCommand = parse(new GatewayCommand(), "--cluster=" + CLUSTER + " --cell=zone1 --topo=" + etcd.endpoint()
                    + " --mysql-port=" + gatewayPort + " --auth=none --listen=127.0.0.1 --credentials=" + credentialsFile);
            GatewayCommand.Running gateway = gatewayCommand.start(out);
            try {
                assertTrue(log.toString(StandardCharsets.UTF_8).contains("gateway of cell zone1 (cluster " + CLUSTER + ") ready"), log.toString());
                try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + gatewayPort
                        + "/commerce?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000", "user", "");
                     Statement st = c.createStatement()) {
                    st.executeUpdate("insert into product values ('SKU-1002', 30)");
                    try (ResultSet rs = st.executeQuery("select sku, price from product order by sku")) {
                        assertTrue(rs.next());
                        assertEquals("SKU-1001", rs.getString(1));
                        assertTrue(rs.next());
                        assertEquals("SKU-1002", rs.getString(1));
                        assertEquals(30, rs.getInt(2));
                    }
                }
            } finally {
                gateway.close();
            }
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("gateway of cell zone1 stopped"), log.toString());
            assertTrue(FreePorts.inUse(gatewayPort) == false, "the gateway's port is released");

            // the tablet container restarts (a new process, its serving state gone): the shard record
            // names it primary, so it comes back primary and writable
            tablet.close();
            assertTrue(new EtcdTopologySource(store).read(CLUSTER).tablets().values().stream().noneMatch(r -> r.alias().equals(alias)),
                    "a stopped tablet removes its record");
            assertTrue(sidecar.isRunning(), "the sidecar's MariaDB is not the tablet's to stop");
            tablet = parse(new TabletCommand(), tabletLine.replaceAll("--tablet-dir=\\S+", "--tablet-dir="
                    + Files.createTempDirectory("shardops-pod-tablet-restarted"))).start(out);
            awaitRecord(alias, r -> r.type() == TabletType.PRIMARY && r.state() == TabletState.SERVING);
            try (Connection c = root(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@global.read_only")) {
                rs.next();
                assertEquals("0", rs.getString(1), "the restarted primary is writable");
            }
        } finally {
            tablet.close();
        }
        assertTrue(new EtcdTopologySource(store).read(CLUSTER).tablets().values().stream().noneMatch(r -> r.alias().equals(alias)),
                "a stopped tablet removes its record");
        assertTrue(sidecar.isRunning(), "the sidecar's MariaDB is not the tablet's to stop");
        try (Connection c = root(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from commerce.product")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }

    /**
     * Fencing at restart in a pod: the primary's mysqld container restarts while a failover made another tablet
     * primary. The server comes back read-only (the container starts it with --read-only=ON), the tablet notices,
     * stops with its record left for the failover monitor, and its next start (the container restarted) asks the
     * shard record and stays a read-only replica.
     */
    @Test
    void aPrimaryWhoseMysqldRestartsAfterAFailoverComesBackReadOnly() throws Exception {
        Path dir = Files.createTempDirectory("shardops-pod-fence-it");
        Mysqld mysqld = new Mysqld(MysqldConfig.forTablet(200, dir.resolve("mysqld"), FreePorts.one()));
        mysqld.start();
        TabletCommand.Running tablet = null;
        try {
            rootFrom127(mysqld);
            String alias = TabletRecord.alias("zone1", 200);
            String line = replicaLine("fenced", 200, mysqld.port(), FreePorts.one(), FreePorts.one());
            PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            tablet = parse(new TabletCommand(), line + " --tablet-dir=" + dir.resolve("tablet-1")).start(out);
            tablet.tablet().manager().initPrimary();
            awaitRecord(alias, r -> r.type() == TabletType.PRIMARY && r.state() == TabletState.SERVING);
            // a failover made another tablet the shard's primary
            TopologyWriter w = new TopologyWriter(store, CLUSTER);
            w.createKeyspace(KeyspaceRecord.servingItself("fenced"));
            w.createShard(new ShardRecord("fenced", "0", KeyRange.FULL, TabletRecord.alias("zone1", 201), true, List.of(), List.of()));

            mysqld.stop();
            Thread.sleep(2000);  // the container's restart takes a moment
            mysqld.start();
            rootFrom127(mysqld);  // this harness's server drops other root accounts at each start; the image's keeps them
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!tablet.mysqldRestarted && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(tablet.mysqldRestarted, "the tablet noticed its mysqld started again and stopped");
            tablet.awaitClose();
            assertTrue(new EtcdTopologySource(store).read(CLUSTER).tablets().containsKey(alias),
                    "its record stays, as a crashed tablet's does, for the failover monitor to judge");
            assertEquals("1", readOnly(mysqld), "the restarted server takes no writes");

            tablet = parse(new TabletCommand(), line + " --tablet-dir=" + dir.resolve("tablet-2")).start(out);
            awaitRecord(alias, r -> r.type() == TabletType.REPLICA);
            assertEquals("1", readOnly(mysqld), "the shard record names another primary: it stays read-only");
        } finally {
            if (tablet != null) {
                tablet.close();
            }
            mysqld.stop();
        }
    }

    /**
     * The failover monitor's pod with a backup policy (--backup-policy): it archives the binlog of a shard's primary
     * that runs elsewhere, found by its tablet record, into the keyspace's location.
     */
    @Test
    void theMonitorsBackupPolicyArchivesThePrimarysBinlogOverTheNetwork() throws Exception {
        Path dir = Files.createTempDirectory("shardops-pod-archive-it");
        Mysqld mysqld = new Mysqld(MysqldConfig.forTablet(300, dir.resolve("mysqld"), FreePorts.one()));
        mysqld.start();
        TabletCommand.Running tablet = null;
        try {
            rootFrom127(mysqld);
            String alias = TabletRecord.alias("zone1", 300);
            int queryPort = FreePorts.one();
            tablet = parse(new TabletCommand(), replicaLine("archived", 300, mysqld.port(), FreePorts.one(), queryPort)
                    + " --tablet-dir=" + dir.resolve("tablet"))
                    .start(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            tablet.tablet().manager().initPrimary();
            tablet.tablet().manager().applySchema(List.of("create table t (id int primary key)"));
            TopologyWriter w = new TopologyWriter(store, CLUSTER);
            w.createKeyspace(KeyspaceRecord.servingItself("archived"));
            w.createShard(new ShardRecord("archived", "0", KeyRange.FULL, alias, true, List.of(), List.of()));
            awaitRecord(alias, r -> r.type() == TabletType.PRIMARY && r.state() == TabletState.SERVING);

            Path location = dir.resolve("backups");
            Path policyDir = Files.createDirectories(dir.resolve("policy"));
            new AppliedBackupPolicy(Map.of("archived", new AppliedBackupPolicy.Entry(location.toString(), "", "", 7, "rdonly", "")))
                    .write(policyDir);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream logOut = new PrintStream(log, true, StandardCharsets.UTF_8);
            try (AutoCloseable monitor = ScheduledBackups.start(policyDir, new EtcdAccess(etcd.endpoint(), Optional.of(CREDENTIALS)),
                    CLUSTER, logOut::println)) {
                try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + queryPort + "/archived?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                        MysqlAccounts.APP_USER, CREDENTIALS.mysqlAccounts().appPassword()); Statement st = c.createStatement()) {
                    for (int i = 1; i <= 10; i++) {
                        st.executeUpdate("insert into t values (" + i + ")");
                    }
                }
                Path shardDir = location.resolve("binlogs/archived/0");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                List<Path> manifests = List.of();
                while (System.nanoTime() < deadline) {
                    if (Files.isDirectory(shardDir)) {
                        try (var files = Files.list(shardDir)) {
                            manifests = files.filter(f -> f.getFileName().toString().matches("\\d+\\.json")).toList();
                        }
                        if (!manifests.isEmpty()) {
                            break;
                        }
                    }
                    Thread.sleep(200);
                }
                assertTrue(!manifests.isEmpty(), "a committed segment of the primary's binlog in " + shardDir + "; log:\n" + log);
            }
        } finally {
            if (tablet != null) {
                tablet.close();
            }
            mysqld.stop();
        }
    }

    /**
     * A tablet over a MariaDB another container runs backs up when it reads that server's datadir (--mysql-datadir,
     * the data volume the pod mounts read-only into the tablet container): the stored backup restores the rows.
     * Without the flag the refusal says what to add.
     */
    @Test
    void aTabletBesideAnExternalServerBacksUpThroughItsDatadir() throws Exception {
        Path dir = Files.createTempDirectory("shardops-pod-backup-it");
        Mysqld mysqld = new Mysqld(MysqldConfig.forTablet(400, dir.resolve("mysqld"), FreePorts.one()));
        mysqld.start();
        TabletCommand.Running tablet = null;
        try {
            rootFrom127(mysqld);
            String line = replicaLine("backedup", 400, mysqld.port(), FreePorts.one(), FreePorts.one());
            PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            Path location = dir.resolve("backups");
            BackupRequest request = new BackupRequest(location.toString(), "", "backedup", "0", "-");

            tablet = parse(new TabletCommand(), line + " --tablet-dir=" + dir.resolve("tablet-1")).start(out);
            TabletCommand.Running first = tablet;
            Exception refused = assertThrows(Exception.class, () -> first.tablet().manager().backup(request));
            assertTrue(refused.getMessage().contains("--mysql-datadir"), refused.getMessage());
            tablet.close();

            tablet = parse(new TabletCommand(), line + " --tablet-dir=" + dir.resolve("tablet-2")
                    + " --mysql-datadir=" + mysqld.config().dataDir()).start(out);
            tablet.tablet().manager().initPrimary();
            tablet.tablet().manager().applySchema(List.of("create table t (id int primary key)"));
            // root from 127.0.0.1, as the pod's own root: the tablet gave the admin account the cluster's password
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + mysqld.port()
                    + "/backedup?sslMode=DISABLED&allowPublicKeyRetrieval=true", "root", ""); Statement st = c.createStatement()) {
                st.executeUpdate("insert into t select seq from seq_1_to_1000");
            }
            BackupManifest m = tablet.tablet().manager().backup(request);
            assertEquals(TabletRecord.alias("zone1", 400), m.tabletAlias());
            assertTrue(m.rawBytes() > m.sizeBytes() && m.sizeBytes() > 0, m.toString());
            assertEquals(List.of(m), new BackupCatalog(new LocalDirectoryLocation(location)).shard("backedup", "0"));
            assertFalse(m.gtidPosition().isEmpty(), "the position the backup's data ends at");
        } finally {
            if (tablet != null) {
                tablet.close();
            }
            mysqld.stop();
        }
    }

    /** Root from 127.0.0.1 without a password, as the mysqld container's root is reached from inside the pod. */
    private static void rootFrom127(Mysqld mysqld) throws Exception {
        try (Connection c = mysqld.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            st.execute("CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY ''");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
        }
    }

    private static String readOnly(Mysqld mysqld) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + mysqld.port() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                "root", ""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@global.read_only")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aPoolTypeOtherThanReplicaOrRdonlyIsAUserError() {
        TabletCommand c = parse(new TabletCommand(), "--cluster=" + CLUSTER + " --cell=zone1 --keyspace=commerce --shard=0 --type=primary --uid=200"
                + " --topo=" + etcd.endpoint());
        UserException e = Assertions.assertThrows(UserException.class, () -> c.start(new PrintStream(new ByteArrayOutputStream())));
        assertEquals("--type must be replica or rdonly, got 'primary'", e.getMessage());
        assertEquals(2, e.exitCode());
    }

    private static int httpStatus(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private static TabletRecord awaitRecord(String alias, Predicate<TabletRecord> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Optional<TabletRecord> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = new EtcdTopologySource(store).read(CLUSTER).tablets().values().stream().filter(r -> r.alias().equals(alias)).findFirst();
            if (last.isPresent() && wanted.test(last.get())) {
                return last.get();
            }
            Thread.sleep(50);
        }
        fail("the record of " + alias + " did not become as expected within 10 s; last: " + last);
        return null;
    }

    /** The command line of a replica tablet of {@code keyspace}/0 as a pod runs it, beside the MariaDB on {@code mysqlPort}. */
    private static String replicaLine(String keyspace, int uid, int mysqlPort, int managerPort, int queryPort) {
        return "--cluster=" + CLUSTER + " --cell=zone1 --keyspace=" + keyspace + " --shard=0 --type=replica --uid=" + uid
                + " --topo=" + etcd.endpoint() + " --mysql-host=127.0.0.1 --mysql-port=" + mysqlPort + " --mysql-user=root"
                + " --port=" + managerPort + " --hostname=127.0.0.1 --query-port=" + queryPort + " --listen=127.0.0.1"
                + " --credentials=" + credentialsFile;
    }
}
