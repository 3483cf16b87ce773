package io.shardops.test;

import static io.shardops.test.FinalCluster.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code mysql} CLI (Debian's mariadb-client) in batch mode, as scripts use it. */
abstract class MysqlCliChecks {
    @TempDir
    Path tmp;

    static FinalCluster cluster() {
        return ClientsIT.cluster();
    }

    @Test
    void theJourneysRowsAreWhereTheFinalLayoutPutsThem() throws Exception {
        FinalCluster.Cli out = cluster().mysqlCli("customer", "select customer_id, email from customer where customer_id <= 5 order by customer_id").ok();
        assertEquals(List.of(List.of("1", "alice@domain.com"), List.of("2", "bob@domain.com"), List.of("3", "charlie@domain.com"),
                List.of("4", "dan@domain.com"), List.of("5", "eve@domain.com")), out.rows());
        assertEquals(List.of(List.of("4")), cluster().mysqlCli("customer/80-", "select customer_id from customer where customer_id <= 5").ok().rows());
    }

    @Test
    @Tag("session-state")
    void sessionSettingsAndVariablesHoldAcrossStatements() throws Exception {
        FinalCluster.Cli out = cluster().mysqlCli("customer", "set time_zone = '+05:00'; set @x = 42; set names utf8mb4;"
                + " select @@time_zone, @x, @@character_set_client, hex('😀')").ok();
        assertEquals(List.of(List.of("+05:00", "42", "utf8mb4", "F09F9880")), out.rows());
    }

    @Test
    @Tag("bytes")
    void binaryBytesInAStringLiteralArriveUnchanged() throws Exception {
        byte[] bytes = JdbcChecks.binary();
        // what mysql sends for binary data: the raw bytes inside the literal, with ' \ and NUL escaped
        ByteArrayOutputStream sql = new ByteArrayOutputStream();
        sql.writeBytes("use customer;\ninsert into customer(customer_id, email) values (10001, '".getBytes(StandardCharsets.US_ASCII));
        for (byte b : bytes) {
            switch (b) {
                case 0 -> sql.writeBytes("\\0".getBytes(StandardCharsets.US_ASCII));
                case '\'' -> sql.writeBytes("\\'".getBytes(StandardCharsets.US_ASCII));
                case '\\' -> sql.writeBytes("\\\\".getBytes(StandardCharsets.US_ASCII));
                default -> sql.write(b);
            }
        }
        sql.writeBytes("');\ninsert into commerce.product(sku, description, price) values ('BIN-CLI', _binary'".getBytes(StandardCharsets.US_ASCII));
        sql.writeBytes(new byte[] {(byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1});
        sql.writeBytes("', 1);\ninsert into customer(customer_id, email) values (10002, _binary'".getBytes(StandardCharsets.US_ASCII));
        sql.writeBytes(new byte[] {(byte) 0xc3, 0x28, (byte) 0xa0, (byte) 0xa1});
        sql.writeBytes("');\n".getBytes(StandardCharsets.US_ASCII));
        Path file = tmp.resolve("binary.sql");
        Files.write(file, sql.toByteArray());
        cluster().mysqlCli(null, file, "--binary-mode").ok();
        FinalCluster.Cli out = cluster().mysqlCli("customer", "select hex(email) from customer where customer_id in (10001, 10002) order by customer_id;"
                + " select hex(description) from commerce.product where sku = 'BIN-CLI'").ok();
        String hex = HexFormat.of().withUpperCase().formatHex(bytes);
        assertContains(out.out(), hex);
        assertEquals(3, out.out().lines().filter(l -> l.equals(hex) || l.equals("C328A0A1")).count(), out.out());
        cluster().assertOnItsShard(10001);
    }

    @Test
    @Tag("metadata")
    void describeShowWarningsAndDatabaseAnswerAsInMysql() throws Exception {
        FinalCluster.Cli describe = cluster().mysqlCli("customer", "describe customer").ok();
        assertEquals(List.of("customer_id", "email"), describe.rows().stream().map(r -> r.get(0)).toList());
        FinalCluster.Cli warnings = cluster().mysqlCli("customer", "select 1/0; show warnings").ok();
        assertContains(warnings.out(), "Warning\t1365\tDivision by 0");
        FinalCluster.Cli db = cluster().mysqlCli("customer", "select database()").ok();
        assertEquals("database()\ncustomer", db.out().strip());
    }

    @Test
    @Tag("queries")
    void aJoinOnTheVindexColumnAcrossShards() throws Exception {
        FinalCluster.Cli out = cluster().mysqlCli("customer", "select c.email, o.sku from customer c join corder o using (customer_id)"
                + " where o.order_id <= 5 order by c.email").ok();
        assertEquals(List.of(List.of("alice@domain.com", "SKU-1001"), List.of("bob@domain.com", "SKU-1002"), List.of("charlie@domain.com", "SKU-1002"),
                List.of("dan@domain.com", "SKU-1002"), List.of("eve@domain.com", "SKU-1002")), out.rows());
    }

    @Test
    @Tag("commands")
    void textSentWholeUnderAnotherDelimiterRunsAsSeveralStatements() throws Exception {
        // under DELIMITER // the CLI sends the two statements as one query; it always enables multi-statements
        FinalCluster.Cli out = cluster().mysqlCli("customer", "delimiter //\nselect email from customer where customer_id = 4;"
                + " select count(*) from customer where customer_id in (1, 2, 3, 4, 5) //").ok();
        assertEquals(List.of("email", "dan@domain.com", "count(*)", "5"), out.out().lines().toList(), "both results, in order");
    }
}
