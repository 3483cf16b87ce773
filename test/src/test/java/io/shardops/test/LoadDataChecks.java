package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code LOAD DATA LOCAL INFILE} through the gateway with the {@code mysql} CLI, into an unsharded and a sharded table. */
@Tag("dump-load")
abstract class LoadDataChecks {
    static final long FIRST = 60_001;
    static final int ROWS = 40;

    @TempDir
    Path tmp;

    @Test
    void loadDataLocalInfileIntoAnUnshardedTable() throws Exception {
        Path file = tmp.resolve("products.tsv");
        Files.writeString(file, "LD-1\tCable\t7\nLD-2\tMouse\t12\nLD-3\tDock\t99\n");
        FinalCluster.Cli load = ClientsIT.cluster().mysqlCli("commerce", "load data local infile '" + file + "' into table product"
                + " (sku, description, price)", "--local-infile=1");
        assertEquals(0, load.exit(), load.out());
        FinalCluster.Cli out = ClientsIT.cluster().mysqlCli("commerce", "select sku, description, price from product where sku like 'LD-%' order by sku").ok();
        assertEquals(List.of(List.of("LD-1", "Cable", "7"), List.of("LD-2", "Mouse", "12"), List.of("LD-3", "Dock", "99")), out.rows());
    }

    @Test
    void loadDataLocalInfileIntoAShardedTableRoutesEachRowByItsVindex() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (long id = FIRST; id < FIRST + ROWS; id++) {
            csv.append(id).append(",\"loaded-").append(id).append("@domain.com\"\n");
        }
        Path file = tmp.resolve("customers.csv");
        Files.writeString(file, csv.toString());
        FinalCluster.Cli load = ClientsIT.cluster().mysqlCli("customer", "load data local infile '" + file + "' into table customer"
                + " fields terminated by ',' optionally enclosed by '\"' (customer_id, email)", "--local-infile=1");
        assertEquals(0, load.exit(), load.out());
        Map<String, Set<Long>> byShard = ClientsIT.cluster().idsByShard("customer", "customer_id",
                "customer_id between " + FIRST + " and " + (FIRST + ROWS - 1));
        Set<Long> all = new TreeSet<>();
        for (Map.Entry<String, Set<Long>> e : byShard.entrySet()) {
            for (long id : e.getValue()) {
                assertEquals(FinalCluster.shardOf(id), e.getKey(), "loaded customer " + id + " is on the shard its hash says");
            }
            all.addAll(e.getValue());
        }
        assertEquals(ROWS, all.size(), "every row of the file was loaded once: " + byShard);
        assertEquals(List.of(List.of("loaded-" + FIRST + "@domain.com")),
                ClientsIT.cluster().mysqlCli("customer", "select email from customer where customer_id = " + FIRST).ok().rows());
    }
}
