package io.shardops.dataplane.tablet.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.tablet.copy.RowSelector;
import io.shardops.dataplane.testing.TestMariaDb;
import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.dataplane.vindex.Value;
import io.shardops.spec.key.KeyRange;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A merge of customer -80 and 80- into 0 on a real MariaDB (the two source shards and the target as three
 * databases of one server): the target holds both sources' customers and orders, and each source shard is
 * compared with its own share of it. Clean when the target is right; a stray, a missing and a changed row
 * on the target are each reported with its key in the pair it belongs to.
 */
class MergeDiffIT {
    static final KeyRange LOW = KeyRange.parse("-80").orElseThrow();
    static final KeyRange HIGH = KeyRange.parse("80-").orElseThrow();
    static final List<RowSelector> SOURCES = List.of(byCustomer(LOW), byCustomer(HIGH));
    static final String[] SCHEMA = {
        "create table customer(customer_id bigint not null, email varbinary(128), primary key(customer_id))",
        "create table corder(order_id bigint not null, customer_id bigint, sku varbinary(128), price bigint, primary key(order_id))"};
    static final int CUSTOMERS = 40;
    static TestMariaDb server;

    @BeforeAll
    static void start() throws Exception {
        server = TestMariaDb.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static RowSelector byCustomer(KeyRange range) {
        return RowSelector.byKeyRange("customer_id", new HashVindex(), range);
    }

    /** Customers 1..40, each with one order (order id 100 + customer id), on the source shard their hash says; all of them on the target. */
    @BeforeEach
    void sourcesAndTheirMergedTarget() throws SQLException {
        for (String db : List.of("src_lo", "src_hi", "merged")) {
            exec("drop database if exists " + db, "create database " + db);
            for (String ddl : SCHEMA) {
                exec("use " + db, ddl);
            }
        }
        for (long id = 1; id <= CUSTOMERS; id++) {
            String source = LOW.contains(new HashVindex().keyspaceId(Value.of(id))) ? "src_lo" : "src_hi";
            for (String db : List.of(source, "merged")) {
                exec("insert into " + db + ".customer values (" + id + ", 'user" + id + "@domain.com')",
                        "insert into " + db + ".corder values (" + (100 + id) + ", " + id + ", 'SKU-1001', " + id + ")");
            }
        }
    }

    static void exec(String... sql) throws SQLException {
        try (Connection c = server.connect(""); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** Both pairs of the merge for one table: -80 -> 0 and 80- -> 0. */
    static List<TableDiff.Result> diffMerge(String table) throws SQLException {
        List<TableDiff.Result> out = new ArrayList<>();
        try (Connection source = server.connect(""); Connection target = server.connect("")) {
            for (int i = 0; i < SOURCES.size(); i++) {
                out.add(TableDiff.diff(source, i == 0 ? "src_lo" : "src_hi", target, "merged", table, new ShardPair(RowSelector.all(), SOURCES, i)));
            }
        }
        return out;
    }

    @Test
    void aRightMergeIsCleanAndEveryTargetRowIsComparedOnce() throws SQLException {
        for (String table : List.of("customer", "corder")) {
            List<TableDiff.Result> pairs = diffMerge(table);
            assertTrue(pairs.stream().allMatch(TableDiff.Result::clean), pairs.toString());
            assertEquals(CUSTOMERS, pairs.get(0).targetRows() + pairs.get(1).targetRows(), table + ": " + pairs);
            assertTrue(pairs.get(0).targetRows() > 0 && pairs.get(1).targetRows() > 0, "both sources fill the target: " + pairs);
        }
    }

    @Test
    void comparedWithOneSourceAsInASplitTheOtherSourcesRowsWouldAllBeExtra() throws SQLException {
        try (Connection source = server.connect(""); Connection target = server.connect("")) {
            TableDiff.Result asSplit = TableDiff.diff(source, "src_lo", target, "merged", "customer", ShardPair.oneSource(RowSelector.all()));
            TableDiff.Result pair = diffMerge("customer").get(0);
            assertEquals(CUSTOMERS - pair.sourceRows(), asSplit.extra(), "why a merge needs its own pairs: " + asSplit);
        }
    }

    @Test
    void aStrayAMissingAndAChangedRowOnTheTargetAreReportedWithTheirKeysInTheirPair() throws SQLException {
        // customer 4 hashes into 80-, customers 1 and 5 into -80
        exec("insert into merged.customer values (1000, 'stray@domain.com')",
                "delete from merged.customer where customer_id = 4",
                "update merged.customer set email = 'changed@domain.com' where customer_id = 5");
        List<TableDiff.Result> pairs = diffMerge("customer");
        TableDiff.Result low = pairs.get(0);
        TableDiff.Result high = pairs.get(1);
        String strayShard = LOW.contains(new HashVindex().keyspaceId(Value.of(1000L))) ? "low" : "high";
        TableDiff.Result strayPair = strayShard.equals("low") ? low : high;
        assertEquals(1, strayPair.extra(), pairs.toString());
        assertTrue(strayPair.sampleKeys().contains("extra (customer_id=1000)"), strayPair.toString());
        assertEquals(1, high.missing(), high.toString());
        assertTrue(high.sampleKeys().contains("missing (customer_id=4)"), high.toString());
        assertEquals(1, low.different(), low.toString());
        assertTrue(low.sampleKeys().contains("different (customer_id=5)"), low.toString());
        assertEquals(3, low.missing() + low.extra() + low.different() + high.missing() + high.extra() + high.different(),
                "each difference is reported once, not once per source: " + pairs);
        assertTrue(diffMerge("corder").stream().allMatch(TableDiff.Result::clean), "corder was left alone");
    }

    @Test
    void anOrderOnTheTargetWhoseCustomerChangedShardIsReportedOnBothSides() throws SQLException {
        // order 104 belongs to customer 4 (80-) on the source; on the target it now names customer 1 (-80)
        exec("update merged.corder set customer_id = 1 where order_id = 104");
        List<TableDiff.Result> pairs = diffMerge("corder");
        assertTrue(pairs.get(0).sampleKeys().contains("extra (order_id=104)"), pairs.toString());
        assertTrue(pairs.get(1).sampleKeys().contains("missing (order_id=104)"), pairs.toString());
    }
}
