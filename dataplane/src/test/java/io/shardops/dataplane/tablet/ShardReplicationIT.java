package io.shardops.dataplane.tablet;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.tablet.query.SchemaCache;
import io.shardops.dataplane.tablet.query.ServingControl;
import io.shardops.spec.TabletType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One shard (primary, replica, rdonly) and a second keyspace's primary, on real MariaDB servers. */
class ShardReplicationIT {
    /** One cluster's credentials: every tablet of the test shares them, as a cluster's tablets do. */
    static final ClusterCredentials CREDENTIALS = ClusterCredentials.generate();
    static final List<String> COMMERCE_SCHEMA = List.of(
            "create table product(sku varbinary(128), description varbinary(128), price bigint, primary key(sku))",
            "create table customer(customer_id bigint not null auto_increment, email varbinary(128), primary key(customer_id))",
            "create table corder(order_id bigint not null auto_increment, customer_id bigint, sku varbinary(128), price bigint, primary key(order_id))");

    @TempDir
    static Path dir;

    static final List<Mysqld> servers = new ArrayList<>();
    static LocalTabletManager primary;
    static LocalTabletManager replica;
    static LocalTabletManager rdonly;
    static LocalTabletManager customerPrimary;

    static LocalTabletManager tablet(int uid, String keyspace, TabletType type) {
        Mysqld m = new Mysqld(MysqldConfig.forTablet(uid, dir.resolve("t" + uid), FreePorts.one()), CREDENTIALS.mysqlAccounts());
        servers.add(m);
        TabletIdentity id = TabletIdentity.of(new TabletAlias("zone1", uid), keyspace, "0");
        return new LocalTabletManager(id, m, new ServingControl(type), new SchemaCache(id.database()));
    }

    @BeforeAll
    static void startShard() throws Exception {
        primary = tablet(201, "commerce", TabletType.REPLICA);
        replica = tablet(202, "commerce", TabletType.REPLICA);
        rdonly = tablet(203, "commerce", TabletType.RDONLY);
        customerPrimary = tablet(204, "customer", TabletType.REPLICA);
        long t0 = System.nanoTime();
        CompletableFuture.allOf(servers.stream().map(m -> CompletableFuture.runAsync(m::start)).toArray(CompletableFuture[]::new)).get();
        System.out.printf("4 servers copied and started in parallel in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        primary.initPrimary();
        replica.setReplicationSource("127.0.0.1", port(primary));
        rdonly.setReplicationSource("127.0.0.1", port(primary));
        primary.applySchema(COMMERCE_SCHEMA);
    }

    @AfterAll
    static void stopShard() {
        servers.forEach(Mysqld::stop);
    }

    static int port(LocalTabletManager m) {
        return m.status().mysqlPort();
    }

    static Mysqld server(LocalTabletManager m) {
        return servers.stream().filter(s -> s.port() == port(m)).findFirst().orElseThrow();
    }

    @Test
    void aWriteOnThePrimaryReachesReplicaAndRdonlyWithinASecond() throws Exception {
        try (Connection c = server(primary).connectAdmin("commerce"); Statement st = c.createStatement()) {
            st.execute("insert into product(sku, description, price) values ('SKU-1001', 'Monitor', 100)");
        }
        String pos = primary.replicationPosition();
        long t0 = System.nanoTime();
        replica.waitForPosition(pos, Duration.ofSeconds(1));
        rdonly.waitForPosition(pos, Duration.ofSeconds(1));
        System.out.printf("write visible on both replicas after %.1f ms%n", (System.nanoTime() - t0) / 1e6);
        for (LocalTabletManager r : List.of(replica, rdonly)) {
            try (Connection c = server(r).connectAdmin("commerce"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select description, price from product where sku = 'SKU-1001'")) {
                assertTrue(rs.next(), "row replicated to " + r.identity().describe());
                assertEquals("Monitor", rs.getString(1));
            }
            TabletStatus s = r.status();
            assertNotNull(s.replication());
            assertTrue(s.replication().healthy(), s.toString());
            assertEquals(port(primary), s.replication().sourcePort());
            assertTrue(s.replication().lagSeconds() >= 0 && s.replication().lagSeconds() <= 1, s.toString());
        }
        TabletStatus ps = primary.status();
        assertEquals(TabletType.PRIMARY, ps.type());
        assertEquals("running", ps.mysqld());
    }

    @Test
    void schemaAppliedOnThePrimaryReachesReplicas() {
        replica.waitForPosition(primary.replicationPosition(), Duration.ofSeconds(2));
        assertEquals(List.of("corder", "customer", "product"), replica.schema(List.of()).stream().map(TableSchema::name).toList());
        assertEquals(primary.schema(List.of()), rdonly.schema(List.of()));
        // applying the same schema again changes nothing
        primary.applySchema(COMMERCE_SCHEMA);
        var e = assertThrows(TabletManagerException.class, () -> primary.applySchema(
                List.of("create table product(sku varbinary(64), primary key(sku))")));
        assertTrue(e.getMessage().contains("different definition"), e.getMessage());
        var onReplica = assertThrows(TabletManagerException.class, () -> replica.applySchema(List.of("create table x(id int)")));
        assertTrue(onReplica.getMessage().contains("primary"), onReplica.getMessage());
    }

    @Test
    void copySchemaCreatesTheNamedTablesWithTheSameDefinitions() {
        customerPrimary.initPrimary();
        customerPrimary.copySchemaFrom(primary, List.of("customer", "corder"));
        customerPrimary.copySchemaFrom(primary, List.of("customer", "corder"));
        assertEquals(primary.schema(List.of("customer", "corder")), customerPrimary.schema(List.of()));
        var e = assertThrows(TabletManagerException.class, () -> customerPrimary.copySchemaFrom(primary, List.of("nosuch")));
        assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
    }

    @Test
    void sequenceTableIsCreatedWithItsRowAndReplicated() throws Exception {
        primary.createSequence("customer_seq", 1000, 100);
        primary.createSequence("customer_seq", 5, 5);
        replica.waitForPosition(primary.replicationPosition(), Duration.ofSeconds(2));
        TableSchema seq = replica.schema(List.of("customer_seq")).get(0);
        assertTrue(seq.isSequence(), seq.createSql());
        try (Connection c = server(replica).connectAdmin("commerce"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select id, next_id, cache from customer_seq")) {
            assertTrue(rs.next());
            assertEquals(List.of(0L, 1000L, 100L), List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
        }
    }

    @Test
    void servingStateAndDeniedTablesAreReported() {
        rdonly.setDeniedTables(List.of("Customer", "corder"));
        rdonly.setServing(false);
        TabletStatus s = rdonly.status();
        assertEquals(List.of("corder", "customer"), s.deniedTables().stream().sorted().toList());
        assertEquals(false, s.serving());
        rdonly.setDeniedTables(List.of());
        rdonly.setServing(true);
        assertTrue(rdonly.status().serving());
    }
}
