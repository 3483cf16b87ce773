package io.shardops.test;

import io.shardops.dataplane.process.FreePorts;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The client-compatibility suite: one local cluster at the journey's final layout (phase 308: commerce
 * unsharded with the sequences, customer sharded -80/80-), brought up once with the journey's data, then
 * driven by the clients applications use, at their default settings: the {@code mysql} CLI, MySQL
 * Connector/J (plain and under HikariCP), MariaDB Connector/J, Node's mysql2, mysqldump and a restore of
 * its dump, LOAD DATA LOCAL INFILE and sysbench. Each client's checks live in a class of their own; the
 * JUnit tags name the failure class of issue 14 a check belongs to (run one with {@code -Dgroups=metadata}).
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class ClientsIT {
    static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static FinalCluster cluster;

    /** The suite's cluster: set up by {@link #upAtTheFinalLayout}, shared by every nested class. */
    static FinalCluster cluster() {
        return cluster;
    }

    @BeforeAll
    static void upAtTheFinalLayout(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        cluster = FinalCluster.up(tmp, FreePorts.one());
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.live().down();
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(ClientsIT.class.getResource("/clients/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    @Order(1)
    class MysqlCli extends MysqlCliChecks {}

    @Nested
    @Order(2)
    class MysqlConnectorJ extends JdbcChecks {
        MysqlConnectorJ() {
            super(JdbcClient.MYSQL_CONNECTOR_J);
        }
    }

    @Nested
    @Order(3)
    class MysqlConnectorJWithHikari extends JdbcChecks {
        MysqlConnectorJWithHikari() {
            super(JdbcClient.HIKARI_MYSQL_CONNECTOR_J);
        }
    }

    @Nested
    @Order(4)
    class MariaDbConnectorJ extends JdbcChecks {
        MariaDbConnectorJ() {
            super(JdbcClient.MARIADB_CONNECTOR_J);
        }
    }

    @Nested
    @Order(5)
    class NodeMysql2 extends Mysql2Checks {}

    @Nested
    @Order(5)
    class QueriesAcrossShards extends ScatterQueryChecks {}

    @Nested
    @Order(7)
    class LoadDataLocalInfile extends LoadDataChecks {}

    @Nested
    @Order(8)
    class SysbenchOltpReadWrite extends SysbenchChecks {}

    @Nested
    @Order(6)
    class Tls extends TlsChecks {}

    /** Last: a restore replaces the keyspaces' tables (with the same rows, when it works). */
    @Nested
    @Order(9)
    class MysqldumpAndRestore extends DumpChecks {}
}
