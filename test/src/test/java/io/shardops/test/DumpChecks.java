package io.shardops.test;

import static io.shardops.test.FinalCluster.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mysqldump through the gateway, of the unsharded and the sharded keyspace, with and without
 * {@code --single-transaction}, and the restore of that dump through the gateway (its preamble, LOCK TABLES,
 * DISABLE KEYS and multi-row INSERTs): the rows come back, each on its vindex's shard.
 */
@Tag("dump-load")
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
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), "mysqldump " + keyspace + " " + String.join(" ", options) + " failed: " + Files.readString(err));
        return file;
    }

    @Test
    void dumpAndRestoreOfTheUnshardedKeyspace() throws Exception {
        Path file = dump("commerce");
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertContains(text, "INSERT INTO `product` VALUES");
        assertContains(text, "'SKU-1001','Monitor',100");
        List<List<String>> before = cluster().mysqlCli("commerce", "select sku, price from product order by sku").ok().rows();
        cluster().mysqlCli("commerce", "delete from product").ok();
        FinalCluster.Cli restore = cluster().mysqlCli("commerce", file);
        assertEquals(0, restore.exit(), "restore through the gateway: " + restore.out());
        assertEquals(before, cluster().mysqlCli("commerce", "select sku, price from product order by sku").ok().rows());
    }

    @Test
    void dumpAndRestoreOfTheShardedKeyspacePutsEachRowOnItsShard() throws Exception {
        Path file = dump("customer");
        Path consistent = dump("customer", "--single-transaction");
        for (Path f : List.of(file, consistent)) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertContains(text, "(1,'alice@domain.com')");
            assertContains(text, "(4,'dan@domain.com')");  // on the other shard
            assertContains(text, "INSERT INTO `corder` VALUES");
        }
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
        assertEquals(List.of(List.of("dan@domain.com")), cluster().mysqlCli("customer", "select email from customer where customer_id = 4").ok().rows());
    }
}
