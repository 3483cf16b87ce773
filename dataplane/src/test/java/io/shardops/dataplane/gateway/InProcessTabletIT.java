package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardops.dataplane.mysql.Authenticator;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.tablet.Tablet;
import io.shardops.dataplane.tablet.TabletAlias;
import io.shardops.dataplane.tablet.TabletIdentity;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One real tablet behind two gateways: one reaches it over the MySQL protocol (as the Kubernetes
 * gateway role does), the other opens its sessions in process (as on a local node). A client must
 * not be able to tell them apart: same rows, same query-rule errors, same transactions.
 */
class InProcessTabletIT {
    @TempDir
    static Path dir;

    static Vertx vertx;
    static Tablet tablet;
    static Gateway overTcp;
    static Gateway inProcess;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        TabletIdentity id = TabletIdentity.of(new TabletAlias("zone1", 501), "commerce", "0");
        tablet = Tablet.start(vertx, new Tablet.Config(id, TabletType.REPLICA, dir.resolve("t501"), "127.0.0.1", FreePorts.one(), 0, 0, false))
                .await(60, TimeUnit.SECONDS);
        tablet.manager().initPrimary();
        tablet.manager().applySchema(List.of(
                "create table product(sku varbinary(128), description varbinary(128), price bigint, primary key(sku))",
                "create table customer(customer_id bigint not null auto_increment, email varbinary(128), primary key(customer_id))"));
        TabletEndpoint remote = new TabletEndpoint(id.alias().toString(), "127.0.0.1", tablet.queryPort(), "commerce");
        overTcp = gateway(remote);
        inProcess = gateway(remote.inProcess(tablet.queryService()::openInProcess));
        try (Connection c = connect("tcp"); Statement s = c.createStatement()) {
            s.executeUpdate("insert into product values ('SKU-1001', 'Monitor', 100), ('SKU-1002', 'Keyboard', 30)");
        }
    }

    static Gateway gateway(TabletEndpoint endpoint) throws Exception {
        VSchema v = new VSchema(false, Map.of(), Map.of("product", VSchema.Table.PLAIN, "customer", VSchema.Table.PLAIN));
        StaticRoutingSnapshot.KeyspaceRouting ks = StaticRoutingSnapshot.KeyspaceRouting.of("commerce", v, List.of(ShardRef.of("0")))
                .withTablet("0", TabletType.PRIMARY, endpoint);
        return Gateway.start(vertx, GatewayConfig.of("127.0.0.1", 0, Authenticator.none(), "app", "").withInstances(2),
                new StaticRoutingSnapshot(List.of(ks))).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (tablet != null) {
            tablet.stop(vertx).await(60, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    static Connection connect(String path) throws SQLException {
        int port = path.equals("tcp") ? overTcp.port() : inProcess.port();
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/commerce?sslMode=DISABLED&useServerPrepStmts=true", "app", "");
    }

    static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString(1) + " " + rs.getLong(2));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void readsWithTextAndPreparedStatements(String path) throws Exception {
        try (Connection c = connect(path); Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement("select sku, price from product where price > ? order by sku")) {
            assertEquals(List.of("SKU-1001 100", "SKU-1002 30"), rows(s.executeQuery("select sku, price from product order by sku")));
            ps.setLong(1, 50);
            assertEquals(List.of("SKU-1001 100"), rows(ps.executeQuery()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void queryRulesAnswerTheSameErrors(String path) throws Exception {
        try (Connection c = connect(path); Statement s = c.createStatement()) {
            SQLException unknown = assertThrows(SQLException.class, () -> s.executeQuery("select * from nosuch"));
            assertEquals("table nosuch not found in schema", unknown.getMessage());
            assertEquals(1105, unknown.getErrorCode());
            synchronized (InProcessTabletIT.class) {
                tablet.manager().setDeniedTables(List.of("customer"));
                try {
                    SQLException denied = assertThrows(SQLException.class, () -> s.executeQuery("select * from customer"));
                    assertEquals("disallowed due to rule: enforce denied tables", denied.getMessage());
                    assertEquals("HY000", denied.getSQLState());
                } finally {
                    tablet.manager().setDeniedTables(List.of());
                }
            }
            assertEquals(List.of("SKU-1001 100"), rows(s.executeQuery("select sku, price from product where sku = 'SKU-1001'")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "in-process"})
    void aTransactionKeepsItsTabletSession(String path) throws Exception {
        String sku = "SKU-" + path;
        try (Connection c = connect(path); Connection other = connect(path)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("insert into product values ('" + sku + "', 'Mouse', 10)");
                assertEquals(List.of(sku + " 10"), rows(s.executeQuery("select sku, price from product where sku = '" + sku + "'")));
            }
            try (Statement s = other.createStatement()) {
                assertEquals(List.of(), rows(s.executeQuery("select sku, price from product where sku = '" + sku + "'")),
                        "an uncommitted row is not seen by another client");
            }
            c.rollback();
            try (Statement s = c.createStatement()) {
                assertEquals(List.of(), rows(s.executeQuery("select sku, price from product where sku = '" + sku + "'")));
            }
        }
    }
}
