package io.shardops.test;

import static io.shardops.test.FinalCluster.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mysqldump through the gateway, of the unsharded and the sharded keyspace, with and without
 * {@code --single-transaction}, and the restore of that dump through the gateway (its preamble, LOCK TABLES,
 * DISABLE KEYS and multi-row INSERTs): the rows come back, each on its vindex's shard.
 */
@Tag("dump-load")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DumpChecks {
    @TempDir
    Path tmp;

    static FinalCluster cluster() {
        return ClientsIT.cluster();
    }

    Path dump(String keyspace, String... options) throws Exception {
        List<String> cmd = cluster().command("mysqldump", keyspace, options);
        Path file = tmp.resolve(keyspace + options.length + ".sql");
        Path err = tmp.resolve(keyspace + options.length + ".err");
        // the dump's bytes as mysqldump wrote them: binary column values are raw bytes in its string literals
        Process p = new ProcessBuilder(cmd).redirectOutput(file.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), "mysqldump " + keyspace + " " + String.join(" ", options) + " failed: " + Files.readString(err));
        return file;
    }

    @Test
    @Order(1)
    void dumpAndRestoreOfTheUnshardedKeyspace() throws Exception {
        Path file = dump("commerce", "--hex-blob");
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertContains(text, "INSERT INTO `product` VALUES");
        assertContains(text, "(0x534B552D31303031,0x4D6F6E69746F72,100)");  // 'SKU-1001','Monitor',100 as --hex-blob writes it
        List<List<String>> before = cluster().mysqlCli("commerce", "select sku, hex(description), price from product order by sku").ok().rows();
        cluster().mysqlCli("commerce", "delete from product").ok();
        FinalCluster.Cli restore = cluster().mysqlCli("commerce", file);
        assertEquals(0, restore.exit(), "restore through the gateway: " + restore.out());
        assertEquals(before, cluster().mysqlCli("commerce", "select sku, hex(description), price from product order by sku").ok().rows());
    }

    @Test
    @Order(2)
    void dumpAndRestoreOfTheShardedKeyspacePutsEachRowOnItsShard() throws Exception {
        Path file = dump("customer", "--hex-blob");
        // with stored programs too, as a backup is often taken (--events was SHOW EVENTS' 1044 and exit code 2)
        Path consistent = dump("customer", "--hex-blob", "--single-transaction", "--routines", "--triggers", "--events");
        for (Path f : List.of(file, consistent)) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertContains(text, "(1,0x616C69636540646F6D61696E2E636F6D)");  // alice@domain.com, on -80
            assertContains(text, "(4,0x64616E40646F6D61696E2E636F6D)");  // dan@domain.com, on 80-
            assertContains(text, "INSERT INTO `corder` VALUES");
        }
        List<List<String>> emails = cluster().mysqlCli("customer", "select customer_id, hex(email) from customer order by customer_id").ok().rows();
        Map<String, Set<Long>> customers = cluster().idsByShard("customer", "customer_id", "true");
        Map<String, Set<Long>> orders = cluster().idsByShard("corder", "order_id", "true");
        assertFalse(customers.get("-80").isEmpty() || customers.get("80-").isEmpty(), "both shards hold customers: " + customers);
        cluster().mysqlCli("customer", "delete from corder; delete from customer").ok();
        assertEquals(Map.of("-80", Set.of(), "80-", Set.of()), cluster().idsByShard("customer", "customer_id", "true"));

        FinalCluster.Cli restore = cluster().mysqlCli("customer", consistent);
        assertEquals(0, restore.exit(), "restore through the gateway: " + restore.out());
        assertEquals(customers, cluster().idsByShard("customer", "customer_id", "true"), "every customer back on the shard it was on");
        assertEquals(orders, cluster().idsByShard("corder", "order_id", "true"), "every order back on the shard it was on");
        List<Long> misplaced = new ArrayList<>();
        customers.forEach((shard, ids) -> ids.stream().filter(id -> !FinalCluster.shardOf(id).equals(shard)).forEach(misplaced::add));
        assertEquals(List.of(), misplaced, "customers off their vindex's shard");
        assertEquals(emails, cluster().mysqlCli("customer", "select customer_id, hex(email) from customer order by customer_id").ok().rows(),
                "every email restored byte for byte");
    }

    /**
     * A dump at mysqldump's defaults writes binary values as raw bytes inside string literals: the restore
     * must keep them byte for byte (issue 14, class 3) for the dump to be a backup.
     */
    @Test
    @Order(3)
    void aDefaultDumpOfBinaryValuesRestoresThemExactly() throws Exception {
        byte[] bytes = JdbcChecks.binary();
        String hex = HexFormat.of().withUpperCase().formatHex(bytes);
        cluster().mysqlCli("customer", "replace into customer(customer_id, email) values (70001, X'" + hex + "');"
                + " use commerce; replace into product(sku, description, price) values ('BIN-DUMP', X'" + hex + "', 1)").ok();
        for (String keyspace : List.of("customer", "commerce")) {
            Path file = dump(keyspace);
            FinalCluster.Cli restore = cluster().mysqlCli(keyspace, file);
            assertEquals(0, restore.exit(), "restore of the default dump of " + keyspace + ": " + restore.out());
        }
        assertEquals(List.of(List.of(hex)), cluster().mysqlCli("customer", "select hex(email) from customer where customer_id = 70001").ok().rows());
        assertEquals(List.of(List.of(hex)), cluster().mysqlCli("commerce", "select hex(description) from product where sku = 'BIN-DUMP'").ok().rows());
        cluster().assertOnItsShard(70001);
    }
}
