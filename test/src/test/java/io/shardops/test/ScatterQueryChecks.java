package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Queries that read both shards of customer and need the gateway to combine what the shards answer, as MySQL
 * would answer them on one server: AVG, COUNT(DISTINCT), HAVING, ORDER BY an aggregate, UNION, and subqueries
 * that do not refer to the outer query (each shard alone would answer them over its own rows). Customers and
 * orders 62001..62008 (spread over both shards by the hash vindex), prices 1..8, SKU-Q1 for odd ids, SKU-Q2
 * for even ones. Through MySQL Connector/J at its defaults, and server-prepared where named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScatterQueryChecks {
    private static final String ORDERS = " from corder where order_id between 62001 and 62008";
    private JdbcClient.Connections connections;
    private Connection c;

    @BeforeAll
    void rows() throws SQLException {
        connections = new JdbcClient.Connections(JdbcClient.MYSQL_CONNECTOR_J, ClientsIT.cluster().port());
        c = connections.open("customer", Map.of());
        try (Statement st = c.createStatement()) {
            for (int i = 1; i <= 8; i++) {
                long id = 62_000 + i;
                st.executeUpdate("insert into customer(customer_id, email) values (" + id + ", 'q" + id + "@x')");
                st.executeUpdate("insert into corder(order_id, customer_id, sku, price) values (" + id + ", " + id + ", 'SKU-Q"
                        + (i % 2 == 1 ? 1 : 2) + "', " + i + ")");
            }
        }
    }

    @AfterAll
    void close() throws SQLException {
        c.close();
        connections.close();
    }

    private List<String> rows(String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return read(rs);
        }
    }

    private static List<String> read(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                row.append(i > 1 ? " " : "").append(rs.getString(i));
            }
            out.add(row.toString());
        }
        return out;
    }

    @Test
    @Tag("queries")
    void groupsAcrossShardsFollowTheCollation() throws SQLException {
        // 'Q' for even ids and 'q' for odd ones, on both shards: one group under the default _ci collation, as on one
        // server; two under a binary one
        String k = "if(order_id % 2 = 0, 'Q', 'q')";
        List<String> ci = rows("select " + k + " k, count(*) n" + ORDERS + " group by k");
        assertEquals(1, ci.size(), ci.toString());
        assertEquals("8", ci.get(0).substring(2));
        assertEquals(List.of("1"), rows("select count(distinct " + k + ")" + ORDERS));
        assertEquals(List.of("Q 4", "q 4"), rows("select cast(" + k + " as binary) k, count(*) n" + ORDERS + " group by k order by k"));
        assertEquals(1, rows("select " + k + " k" + ORDERS + " union select upper(" + k + ")" + ORDERS).size());
    }

    @Test
    @Tag("queries")
    void avgAcrossShardsIsTheSumOverTheCount() throws SQLException {
        assertEquals(List.of("4.5000"), rows("select avg(price)" + ORDERS));
        assertEquals(List.of("SKU-Q1 4 4.0000", "SKU-Q2 4 5.0000"), rows("select sku, count(*), avg(price)" + ORDERS
                + " group by sku order by sku"));
        assertEquals(List.of("null"), rows("select avg(price) from corder where order_id = -1"));
    }

    @Test
    @Tag("queries")
    void avgBesideOtherAggregatesLeavesThemTheirOwnCombining() throws SQLException {
        // was 8, 36.0000, SKU-Q1-as-a-sum: the hidden count took AVG's place and each column its neighbour's way
        assertEquals(List.of("8 4.5000 1 SKU-Q1 8"), rows("select max(price), avg(price), min(price), min(sku), count(*)" + ORDERS));
    }

    @Test
    @Tag("queries")
    void aggregatesTheGatewayCannotCombineAreRefusedNotAnsweredPerShard() throws SQLException {
        // each shard's own value, one row per shard, was the answer before
        for (String sql : List.of("select coalesce(max(price), 0)" + ORDERS, "select group_concat(order_id)" + ORDERS,
                "select sku, group_concat(order_id)" + ORDERS + " group by sku", "select std(price)" + ORDERS,
                "select * from (select ifnull(sum(price), 0) s" + ORDERS + ") t")) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> rows(sql), sql);
            assertEquals(1235, e.getErrorCode(), e.getMessage());
        }
        // GROUP BY the primary vindex column keeps each group on its shard: any aggregate, HAVING, LIMIT
        assertEquals(List.of("62008 8", "62007 7"), rows("select group_concat(order_id), coalesce(max(price), 0)" + ORDERS
                + " group by customer_id having count(*) = 1 order by 2 desc limit 2"));
    }

    @Test
    @Tag("queries")
    void columnsAcrossShardsAreLabelledAsWrittenAsMariaDbLabelsThem() throws SQLException {
        // the gateway reprints the statement for the shards: 'price*2' came back labelled 'price * 2'
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select price*2, UPPER( sku ), count(distinct"
                + " customer_id), order_id" + ORDERS + " group by order_id, UPPER( sku ), price*2 order by order_id limit 1")) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            assertEquals(List.of("price*2", "UPPER( sku )", "count(distinct customer_id)", "order_id"),
                    List.of(md.getColumnLabel(1), md.getColumnLabel(2), md.getColumnLabel(3), md.getColumnLabel(4)));
            assertEquals(List.of("2 SKU-Q1 1 62001"), read(rs));
        }
    }

    @Test
    @Tag("queries")
    void countDistinctCountsEachValueOnce() throws SQLException {
        assertEquals(List.of("2 8 36"), rows("select count(distinct sku), count(*), sum(price)" + ORDERS));
        assertEquals(List.of("SKU-Q1 4", "SKU-Q2 4"), rows("select sku, count(distinct customer_id)" + ORDERS
                + " group by sku order by sku"));
        assertEquals(List.of("0"), rows("select count(distinct sku) from corder where order_id = -1"));
        try (Connection prepared = connections.open("customer", Map.of("useServerPrepStmts", "true"));
             PreparedStatement ps = prepared.prepareStatement("select count(distinct sku)" + ORDERS + " and price > ?")) {
            ps.setInt(1, 0);
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals("BIGINT", rs.getMetaData().getColumnTypeName(1), "a count, whatever the type of what it counts");
                assertEquals(List.of("2"), read(rs));
            }
        }
    }

    @Test
    @Tag("queries")
    void havingFiltersTheCombinedGroups() throws SQLException {
        // SKU-Q1 sums to 16 and SKU-Q2 to 20: neither shard alone holds a whole group
        assertEquals(List.of("SKU-Q2 20"), rows("select sku, sum(price) s" + ORDERS + " group by sku having s > 16 order by sku"));
        assertEquals(List.of("SKU-Q2"), rows("select sku" + ORDERS + " group by sku having max(price) = 8"));
        assertEquals(List.of("SKU-Q1", "SKU-Q2"), rows("select sku" + ORDERS + " group by sku having count(*) = 4 and sum(price)"
                + " between 16 and 20 order by sku"));
        assertEquals(List.of("SKU-Q2", "SKU-Q1"), rows("select sku" + ORDERS + " group by sku order by sum(price) desc"));
    }

    @Test
    @Tag("queries")
    void unionAcrossShardsDropsRepeatsAndUnionAllKeepsThem() throws SQLException {
        assertEquals(List.of("62001", "62002", "62003", "62004", "62005", "62006"), rows("select customer_id from customer"
                + " where customer_id between 62001 and 62004 union select customer_id from corder where order_id between 62003"
                + " and 62006 order by customer_id"));
        assertEquals(List.of("62006", "62005", "62004"), rows("select customer_id from customer where customer_id between 62001"
                + " and 62004 union all select customer_id from corder where order_id between 62003 and 62006 order by 1 desc"
                + " limit 3"));
    }

    @Test
    @Tag("queries")
    void aSubqueryThatDoesNotReferToTheOuterQueryIsAnsweredOverEveryShard() throws SQLException {
        // each shard alone would find its own maximum: one row per shard instead of MySQL's one row
        assertEquals(List.of("q62008@x"), rows("select email from customer where customer_id = (select max(customer_id)" + ORDERS + ")"));
        assertEquals(List.of("62007", "62008"), rows("select customer_id from customer where customer_id in (select customer_id"
                + ORDERS + " and price > 6) order by customer_id"));
        assertEquals(List.of("4"), rows("select count(*)" + ORDERS + " and price > (select avg(price)" + ORDERS + ")"));
        assertEquals(List.of("8"), rows("select count(*) from customer where customer_id between 62001 and 62008 and exists"
                + " (select 1 from corder where order_id = 62008)"));
        try (Connection prepared = connections.open("customer", Map.of("useServerPrepStmts", "true"));
             PreparedStatement ps = prepared.prepareStatement("select email from customer where customer_id ="
                     + " (select max(customer_id) from corder where order_id between ? and ?)")) {
            ps.setLong(1, 62001);
            ps.setLong(2, 62007);
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals(List.of("q62007@x"), read(rs), "server-prepared, parameters inside the subquery");
            }
        }
    }

    @Test
    @Tag("queries")
    void limitWithOffsetPagesAcrossShards() throws SQLException {
        // LIMIT n OFFSET m, as Prisma, knex and most ORMs write a page
        assertEquals(List.of("62003", "62004", "62005"), rows("select order_id" + ORDERS + " order by order_id limit 3 offset 2"));
        assertEquals(List.of("62007", "62008"), rows("select order_id" + ORDERS + " order by order_id limit 6, 6"));
    }

    @Test
    @Tag("queries")
    void windowFunctionsAcrossShardsAreRefusedNotNumberedPerShard() throws SQLException {
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> rows("select order_id, row_number() over (order by order_id)" + ORDERS));
        assertEquals(1235, e.getErrorCode(), e.getMessage());
        assertEquals(List.of("62004 1"), rows("select order_id, row_number() over (order by order_id) from corder where customer_id = 62004"));
    }

    @Test
    @Tag("queries")
    void lastInsertIdIsTheSessionsAndFunctionNamesInStringsAreData() throws SQLException {
        try (Statement st = c.createStatement()) {
            String text = "row_count() database() last_insert_id() @@warning_count";
            st.executeUpdate("insert into customer(customer_id, email) values (62009, '" + text + "')");
            assertEquals(List.of(text), rows("select email from customer where customer_id = 62009"));
            st.executeUpdate("insert into customer(email) values ('liid@x')");  // the id comes from the keyspace's sequence
            long id = Long.parseLong(rows("select last_insert_id()").get(0));
            // the vindex column given as LAST_INSERT_ID(): the session's id, routed to that id's shard
            st.executeUpdate("insert into corder(order_id, customer_id, sku, price) values (62010, last_insert_id(), 'SKU-L', 1)");
            assertEquals(List.of(Long.toString(id)), rows("select customer_id from corder where order_id = 62010"));
            assertEquals(List.of("liid@x"), rows("select email from customer where customer_id = last_insert_id()"));
        }
    }

    @Test
    @Tag("queries")
    void subqueriesInFromAndWithThatKeepRowsOnTheirShardRunOnEveryShard() throws SQLException {
        // what ORMs send to count a page's total; each shard counts its own rows and the gateway sums
        assertEquals(List.of("4"), rows("select count(*) from (select order_id, price" + ORDERS + " and price > 4) t"));
        assertEquals(List.of("1 8"), rows("select max(n), sum(n) from (select customer_id, count(*) n" + ORDERS + " group by customer_id) per_customer"));
        assertEquals(List.of("3"), rows("with recursive n as (select 1 x union all select x + 1 from n where x < 3) select count(*) from n"));
        assertEquals(List.of("62008", "62007"), rows("with big as (select order_id, price" + ORDERS + ") select order_id from big"
                + " order by price desc limit 2"));
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> rows("select count(*) from (select sku, count(*)" + ORDERS + " group by sku) t"));
        assertEquals(1235, e.getErrorCode(), e.getMessage());
    }

    @Test
    @Tag("queries")
    void checksumTableIsTheOneServerChecksumOfAllShardsRows() throws SQLException {
        long sum = 0;
        for (String shard : List.of("-80", "80-")) {
            try (Statement st = c.createStatement()) {
                st.execute("use `customer/" + shard + "`");
            }
            sum += Long.parseLong(rows("checksum table customer").get(0).split(" ")[1]);
        }
        try (Statement st = c.createStatement()) {
            st.execute("use customer");
        }
        // MariaDB adds its rows' checksums modulo 2^32: the shards' add up to what one server holding every row says
        assertEquals(List.of("customer.customer " + (sum & 0xFFFF_FFFFL)), rows("checksum table customer"));
    }

    @Test
    @Tag("queries")
    void foundRowsIsTheSessionsCountAcrossShards() throws SQLException {
        assertEquals(List.of("62001", "62002"), rows("select sql_calc_found_rows order_id" + ORDERS + " order by order_id limit 2"));
        assertEquals(List.of("8"), rows("select found_rows()"));
        assertEquals(List.of("SKU-Q1"), rows("select sql_calc_found_rows sku" + ORDERS + " group by sku order by sku limit 1"));
        assertEquals(List.of("2"), rows("select found_rows()"));
        // without the modifier: the rows the last SELECT sent (forwarded from one shard, or merged from several)
        rows("select order_id from corder where customer_id = 62004");
        assertEquals(List.of("1"), rows("select found_rows()"));
        rows("select order_id" + ORDERS + " order by order_id limit 3");
        assertEquals(List.of("3"), rows("select found_rows()"));
    }
}
