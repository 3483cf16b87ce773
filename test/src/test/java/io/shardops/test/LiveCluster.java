package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.failover.FailoverLog;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.cli.ShardopsCommand;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.LocalConfig;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.topo.EtcdCredentials;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One local cluster of {@code shardops up} as the end-to-end tests drive it: its state dir, its specs
 * (copied with the gateway on a free port) and its gateway, reached with JDBC as a user would.
 */
record LiveCluster(Path stateDir, Path specDir, int port) {
    static final String CLUSTER = "demo";

    /** Copies the specs of {@code from} (and its {@code sql/}) into {@code specDir}, the gateway moved to {@code port}. */
    static LiveCluster withSpecs(Path from, Path specDir, Path stateDir, int port) throws IOException {
        Files.createDirectories(specDir);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (Files.isDirectory(f)) {
                    Files.createDirectories(specDir.resolve(f.getFileName()));
                    try (var sql = Files.list(f)) {
                        for (Path s : sql.toList()) {
                            Files.copy(s, specDir.resolve(f.getFileName()).resolve(s.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                } else {
                    Files.writeString(specDir.resolve(f.getFileName()), Files.readString(f).replace("mysqlPort: 15306", "mysqlPort: " + port));
                }
            }
        }
        return new LiveCluster(stateDir, specDir, port);
    }

    /** {@code specDir/NAME.yaml}, or the directory {@code specDir/NAME} of several spec files. */
    Path spec(String name) {
        Path dir = specDir.resolve(name);
        return Files.isDirectory(dir) ? dir : specDir.resolve(name + ".yaml");
    }

    /** {@code shardops up|apply SPEC --auto-approve} in this JVM; must exit 0. */
    void run(String command, String name) {
        int exit = runExit(command, name);
        assertEquals(0, exit, "shardops " + command + " " + name + " failed; its output is above");
    }

    int runExit(String command, String name) {
        long t0 = System.nanoTime();
        int exit = ShardopsCommand.execute(command, spec(name).toString(), "--state-dir", stateDir.toString(), "--auto-approve");
        System.out.printf("JOURNEY %s %s in %d ms (exit %d)%n", command, name, (System.nanoTime() - t0) / 1_000_000, exit);
        return exit;
    }

    void down() {
        ShardopsCommand.execute("down", "--purge", "--state-dir", stateDir.toString());
    }

    String etcd() {
        try {
            return LocalConfig.read(StateDir.resolve(stateDir)).orElseThrow().etcdEndpoint();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster's credentials file in its state dir, for commands given --etcd (--credentials FILE). */
    String credentialsFile() {
        return StateDir.resolve(stateDir).credentialsFile().toString();
    }

    /** The cluster's credentials, which `up` wrote to its state dir. */
    ClusterCredentials credentials() {
        return LocalCluster.readCredentials(StateDir.resolve(stateDir));
    }

    /** The tablets' managers and MariaDBs, with the cluster's credentials. */
    TabletManagers tablets() {
        return TabletManagers.http(credentials());
    }

    /** A store on the cluster's etcd, with its credentials (etcd refuses anyone else). */
    EtcdTopoStore topoStore() {
        return EtcdTopoStore.connect(etcd(), Optional.of(EtcdCredentials.of(credentials())));
    }

    Topology topology() {
        try (var store = topoStore()) {
            return new EtcdTopologySource(store).read(CLUSTER);
        }
    }

    /** The pid of a tablet's mysqld, from the pid file in its directory of the state dir. */
    long mysqldPid(String alias) throws IOException {
        return Long.parseLong(Files.readString(stateDir.resolve("tablets").resolve(alias).resolve("mysqld.pid")).strip());
    }

    /** Processes whose command line names this state dir (its etcd, node and mysqlds). */
    List<ProcessHandle> processes() {
        String dir = stateDir.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false)).toList();
    }

    // ---- SQL, as a user would send it

    /** Runs SQL straight on a shard's primary MariaDB, behind the gateway's and the tablet's back. */
    void execOnPrimary(String keyspace, String shard, String sql) throws SQLException {
        Topology t = topology();
        var primary = t.tablets().get(t.shard(keyspace, shard).orElseThrow().primaryAlias());
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + primary.mysqlPort() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                MysqlAccounts.ADMIN_USER, credentials().mysqlAccounts().adminPassword());
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** A connection through the gateway ({@code database} may name a shard: {@code customer/-80}). */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + database
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=30000&useServerPrepStmts=false", "root", "");
    }

    Set<Long> ids(String target, String sql) throws SQLException {
        Set<Long> out = new TreeSet<>();
        try (Connection c = connect(target); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    String errorOf(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            st.executeQuery(sql).close();
            fail(sql + " in " + database + " should fail");
            return "";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    void mysql(Path input) throws Exception {
        Process p = new ProcessBuilder("mysql", "-h", "127.0.0.1", "-P", Integer.toString(port)).redirectInput(input.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mysql < " + input);
        assertEquals(0, p.exitValue(), out);
    }

    /** A number read straight from a shard's primary MariaDB (the first column of the first row), behind the tablet's back. */
    long longOnPrimary(String keyspace, String shard, String sql) throws SQLException {
        Topology t = topology();
        var primary = t.tablets().get(t.shard(keyspace, shard).orElseThrow().primaryAlias());
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + primary.mysqlPort() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true",
                MysqlAccounts.ADMIN_USER, credentials().mysqlAccounts().adminPassword());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- one tablet's MariaDB, a shard's failover record, the CLI's output: what the failover tests look at

    /** The tablet the shard's record names primary. */
    TabletRecord primary(String keyspace, String shard) {
        Topology t = topology();
        return t.tablets().get(t.shard(keyspace, shard).orElseThrow().primaryAlias());
    }

    /** The shard's failover record: its events and the tablets kept out (needs-rebuild). */
    FailoverLog.ShardFailovers failovers(String keyspace, String shard) {
        try (var store = topoStore()) {
            return new FailoverLog(store, CLUSTER).read(keyspace, shard);
        }
    }

    /** An admin connection straight to one tablet's MariaDB, behind the gateway's and the tablet's back. */
    Connection admin(TabletRecord r) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + r.mysqlPort() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=10000",
                MysqlAccounts.ADMIN_USER, credentials().mysqlAccounts().adminPassword());
    }

    /** The first column of the first row, read on one tablet's MariaDB. */
    String adminQuery(TabletRecord r, String sql) throws SQLException {
        try (Connection conn = admin(r); Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    void adminExec(TabletRecord r, String sql) throws SQLException {
        try (Connection conn = admin(r); Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    /** {@code shardops status} of this cluster, as printed. */
    String status() {
        return output("status", "--state-dir", stateDir.toString());
    }

    /** What {@code shardops ARGS}, run in this JVM, printed. */
    static String output(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            ShardopsCommand.execute(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Sends a signal to a process (STOP and CONT freeze a mysqld as a hung host would). */
    static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }
}
