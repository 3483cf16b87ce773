package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.spec.key.KeyRange;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BulkInsertTest {
    final Router router = new Router(RouterTest.SNAPSHOT);

    /** A dump's INSERT of {@code rows} customers, larger than the lexer's threshold; mysqldump writes no column list. */
    static String dumpInsert(int rows, boolean columns) {
        StringBuilder sb = new StringBuilder("INSERT INTO `corder` " + (columns ? "(`customer_id`, `order_id`) " : "") + "VALUES ");
        for (int i = 1; i <= rows; i++) {
            sb.append(i == 1 ? "" : ",").append("(").append(i).append(",").append(i * 10).append(",'it''s, (a) \\' row ").append(i)
                    .append("',").append("12345678901234567890".substring(0, 10)).append(")");
        }
        return sb.toString();
    }

    @Test
    void aDumpSizedInsertIsSplitByVindexWithoutTheParser() {
        String sql = dumpInsert(2000, false);
        assertTrue(sql.length() > SqlParser.MAX_PARSE_LENGTH / 4);
        Route r = router.route(sql, Target.parse("customer"));
        Route.WithColumns w = assertInstanceOf(Route.WithColumns.class, r);
        assertEquals("corder", w.table());
        Route.MultiWrite split = assertInstanceOf(Route.MultiWrite.class, w.then().apply(List.of("customer_id", "order_id", "sku", "price")));
        Map<String, Integer> rowsByShard = new TreeMap<>();
        for (ShardQuery q : split.queries()) {
            int n = q.sql().split("\\),\\(").length;
            rowsByShard.put(q.target().shard(), n);
            assertTrue(q.sql().startsWith("INSERT INTO `corder` VALUES (") && q.sql().endsWith(")"), q.sql().substring(0, 60));
        }
        Map<String, Integer> expected = new TreeMap<>();
        for (long id = 1; id <= 2000; id++) {
            expected.merge(KeyRange.parse("-80").orElseThrow().contains(HashVindex.hash(id)) ? "-80" : "80-", 1, Integer::sum);
        }
        assertEquals(expected, rowsByShard);
    }

    @Test
    void aLongInsertWithAColumnListNeedsNoSchemaRead() {
        Route r = router.route(dumpInsert(2000, true).replace(",10)", ")").replace("'it''s, (a) \\' row ", "'").replaceAll(",'[^']*'", ""),
                Target.parse("customer"));
        assertInstanceOf(Route.MultiWrite.class, r);
    }

    @Test
    void aReferenceTablesDumpGoesWholeToEveryShard() {
        StringBuilder sql = new StringBuilder("INSERT INTO `currency` VALUES ");
        for (int i = 0; i < 2000; i++) {
            sql.append(i == 0 ? "" : ",").append("('C").append(i).append("','currency ").append(i).append("')");
        }
        assertTrue(sql.length() >= BulkInsert.MIN_LENGTH);
        Route.MultiWrite copies = assertInstanceOf(Route.MultiWrite.class, router.route(sql.toString(), Target.parse("customer")));
        assertTrue(copies.copies(), "the client is told one copy's rows, not one per shard");
        assertEquals(List.of("customer/-80@primary", "customer/80-@primary"), copies.queries().stream().map(q -> q.target().toString()).toList());
        assertTrue(copies.queries().stream().allMatch(q -> q.sql().equals(sql.toString())));
    }
}
