package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.host.local.LocalConfig;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.topo.EtcdCredentials;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardops down; shardops credentials rotate; shardops up}: afterwards no old credential opens anything
 * (etcd, MariaDB), the new ones do, the data is there and the replica replicates with the new admin password.
 */
class RotateCredentialsIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void afterARotationOnlyTheNewCredentialsWorkAndReplicationGoesOn() throws Exception {
        Path state = tmp.resolve("state");
        Path specDir = tmp.resolve("spec");
        Files.createDirectories(specDir.resolve("sql"));
        try (var files = Files.list(ROOT.resolve("examples/phases/sql"))) {
            for (Path f : files.toList()) {
                Files.copy(f, specDir.resolve("sql").resolve(f.getFileName()));
            }
        }
        int port = FreePorts.one();
        Path spec = specDir.resolve("101_initial_cluster.yaml");
        Files.writeString(spec, Files.readString(ROOT.resolve("examples/phases/101_initial_cluster.yaml"))
                .replace("mysqlPort: 15306", "mysqlPort: " + port));
        Path file = state.resolve("secrets/credentials.json");
        try {
            assertEquals(0, LocalClusterUpIT.shardops("up", spec.toString(), "--state-dir", state.toString()).exit());
            ClusterCredentials old = ClusterCredentials.require(file);
            write(port, "insert into customer(customer_id, email) values (1, 'before@domain.com')");

            assertEquals(0, LocalClusterUpIT.shardops("down", "--state-dir", state.toString()).exit());
            LocalClusterUpIT.Run rotate = LocalClusterUpIT.shardops("credentials", "rotate", "--state-dir", state.toString());
            assertEquals(0, rotate.exit(), rotate.out());
            ClusterCredentials rotated = ClusterCredentials.require(file);
            assertNotEquals(old.controlToken(), rotated.controlToken());
            assertNotEquals(old.mysql().adminPassword(), rotated.mysql().adminPassword());
            assertEquals(0, LocalClusterUpIT.shardops("up", spec.toString(), "--state-dir", state.toString()).exit());

            String etcd = "http://127.0.0.1:" + LocalConfig.read(
                    StateDir.resolve(state)).orElseThrow().etcdClientPort();
            assertThrows(TopoException.class, () -> topology(etcd, old), "etcd took the old password");
            Topology t = topology(etcd, rotated);
            for (TabletRecord tablet : t.tablets().values()) {
                String url = "jdbc:mysql://127.0.0.1:" + tablet.mysqlPort() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
                assertThrows(SQLException.class, () -> DriverManager.getConnection(url, MysqlAccounts.ADMIN_USER, old.mysql().adminPassword()).close(),
                        tablet.alias() + " took the old admin password");
                DriverManager.getConnection(url, MysqlAccounts.ADMIN_USER, rotated.mysql().adminPassword()).close();
            }
            write(port, "insert into customer(customer_id, email) values (2, 'after@domain.com')");
            awaitOnReplica(port);
        } finally {
            LocalClusterUpIT.shardops("down", "--purge", "--state-dir", state.toString());
        }
    }

    private static Topology topology(String etcd, ClusterCredentials c) {
        try (EtcdTopoStore store = EtcdTopoStore.connect(etcd, Optional.of(EtcdCredentials.of(c)))) {
            return new EtcdTopologySource(store).read("demo");
        }
    }

    private static void write(int port, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/commerce?sslMode=DISABLED", "user", "");
             Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    /** Both rows reach the replica: it replicates from its primary with the rotated admin password. Bounded: 20 s. */
    private static void awaitOnReplica(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/commerce@replica?sslMode=DISABLED", "user", "");
             Statement st = c.createStatement()) {
            while (true) {
                try (ResultSet rs = st.executeQuery("select count(*) from customer")) {
                    rs.next();
                    if (rs.getLong(1) == 2) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "the replica did not receive the write made after the rotation within 20 s");
                Thread.sleep(100);
            }
        }
    }
}
