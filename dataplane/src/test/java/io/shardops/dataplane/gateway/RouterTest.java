package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysql.ColumnType;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.dataplane.mysql.PreparedStatement;
import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {
    static final VSchema COMMERCE = new VSchema(false, Map.of(), Map.of(
            "product", VSchema.Table.PLAIN,
            "customer_seq", new VSchema.Table("sequence", List.of(), null)));
    static final VSchema CUSTOMER = new VSchema(true, Map.of("hash", new VSchema.Vindex("hash", Map.of())), Map.of(
            "customer", new VSchema.Table("", List.of(new VSchema.ColumnVindex("customer_id", "hash")),
                    new VSchema.AutoIncrement("customer_id", "customer_seq")),
            "corder", new VSchema.Table("", List.of(new VSchema.ColumnVindex("customer_id", "hash")), null),
            "currency", new VSchema.Table("reference", List.of(), null)));
    static final RoutingSnapshot SNAPSHOT = new StaticRoutingSnapshot(List.of(
            StaticRoutingSnapshot.KeyspaceRouting.of("commerce", COMMERCE, List.of(ShardRef.of("0"))),
            StaticRoutingSnapshot.KeyspaceRouting.of("customer", CUSTOMER, List.of(ShardRef.of("-80"), ShardRef.of("80-")))));
    final Router router = new Router(SNAPSHOT);
    final Target customer = Target.parse("customer");

    static String shards(Route r) {
        if (r instanceof Route.Forward f) {
            return f.query().target().shard();
        }
        List<ShardQuery> qs = r instanceof Route.Scatter s ? s.queries() : ((Route.MultiWrite) r).queries();
        return String.join(",", qs.stream().map(q -> q.target().shard()).toList());
    }

    /** The shard a prepared statement of {@code sql} runs on with these integer parameters, if it runs as it is. */
    Optional<ShardTarget> prepared(String sql, Target target, long... params) {
        PreparedStatement ps = new PreparedStatement(1, sql);
        Buffer b = Buffer.buffer().appendByte((byte) 0).appendIntLE(1);
        if (params.length > 0) {
            b.appendBytes(new byte[(params.length + 7) / 8]).appendByte((byte) 1);
            for (int i = 0; i < params.length; i++) {
                b.appendUnsignedShortLE(ColumnType.MYSQL_TYPE_LONGLONG);
            }
            for (long p : params) {
                b.appendLongLE(p);
            }
        }
        return router.preparedShard(sql, target).flatMap(s -> s.shardOf(ps, b));
    }

    @Test
    void preparedStatementsRunAsTheyAreWhereTextOrOneVindexParameterNamesTheShard() {
        Target commerce = Target.parse("commerce");
        ShardTarget commerce0 = new ShardTarget("commerce", "0", TabletType.PRIMARY);
        ShardTarget low = new ShardTarget("customer", "-80", TabletType.PRIMARY);
        ShardTarget high = new ShardTarget("customer", "80-", TabletType.PRIMARY);
        assertEquals(Optional.of(commerce0), prepared("select sku from product where sku = ?", commerce, 7));
        assertEquals(Optional.of(commerce0), prepared("update product set price = ? where sku = ?", commerce, 1, 2));
        assertEquals(Optional.of(high), prepared("select * from customer where customer_id = ?", Target.parse("customer/80-"), 1));
        // the reference's placement: customers 1, 2, 3, 5 on -80, 4 on 80-
        for (long id : new long[] {1, 2, 3, 5}) {
            assertEquals(Optional.of(low), prepared("select * from customer where customer_id = ?", customer, id));
        }
        assertEquals(Optional.of(high), prepared("select * from customer where customer_id = ?", customer, 4));
        assertEquals(Optional.of(high), prepared("select email from customer where email = ? and customer_id = ?", customer, 9, 4),
                "the parameter compared to the vindex column decides, wherever it stands");
        assertEquals(Optional.of(high), prepared("update customer set email = ? where customer_id = ?", customer, 1, 4));
        assertEquals(Optional.of(low), prepared("delete from customer where customer_id = ?", customer, 5));
        assertEquals(Optional.of(high), prepared("select * from customer where customer_id = 4 and email = ?", customer, 1),
                "a literal vindex value fixes the shard");
        assertEquals(Optional.empty(), prepared("select * from customer where customer_id in (?, ?)", customer, 1, 4),
                "several vindex values: the text path scatters");
        assertEquals(Optional.empty(), prepared("select * from customer where email = ?", customer, 1),
                "no vindex value: the text path scatters");
        assertEquals(Optional.empty(), prepared("select * from commerce.product where sku = ?", customer, 1),
                "the keyspace qualifier is stripped from the text");
        assertEquals(Optional.empty(), prepared("select next ? values from customer_seq", commerce, 1));
        assertEquals(Optional.empty(), prepared("show tables like ?", commerce, 1));
        assertEquals(Optional.empty(), prepared("select * from nosuch_keyspace.t where a = ?", Target.DEFAULT, 1),
                "a statement the router refuses is left to the text path, which reports it");
    }

    @Test
    void textStatementsOfOneShapeRouteAsTheirParseWouldWithoutAParse() {
        ShapeRoutes shapes = new ShapeRoutes();
        Router byShape = new Router(SNAPSHOT, shapes);
        List<String> templates = List.of(
                "select * from customer where customer_id = %s",
                "select email from customer where email = 'a' and customer_id = %s",
                "insert into customer(customer_id, email) values (%s, 'x@example.com')",
                "update customer set email = 'b' where customer_id = %s",
                "delete from customer where customer_id = %s",
                "select * from customer where customer_id in (%s, 4)",
                "insert into customer(customer_id, email) values (%s, 'a'), (4, 'b')",
                "select * from customer where email = %s");
        for (String template : templates) {
            for (String id : new String[] {"1", "2", "3", "4", "5", "-7", "'4'", "0x04", "1e2", "18446744073709551615"}) {
                String sql = String.format(template, id);
                Route parsed;
                try {
                    parsed = router.route(sql, customer);
                } catch (MysqlException e) {
                    assertThrows(MysqlException.class, () -> byShape.route(sql, customer), sql);
                    continue;
                }
                Route shaped = byShape.route(sql, customer);
                assertEquals(parsed.getClass(), shaped.getClass(), sql);
                if (parsed instanceof Route.Forward || parsed instanceof Route.Scatter || parsed instanceof Route.MultiWrite) {
                    assertEquals(shards(parsed), shards(shaped), sql);
                }
            }
        }
        assertTrue(shapes.size() <= templates.size() * 3, "one shape per template and literal kind, not one per statement: " + shapes.size());
        Route one = byShape.route("insert into customer(customer_id, email) values (4, 'd')", customer);
        assertEquals("insert into customer(customer_id, email) values (4, 'd')", assertInstanceOf(Route.Forward.class, one).query().sql(),
                "a one-shard statement is sent as the client wrote it");
        Router later = new Router(new StaticRoutingSnapshot(List.of(
                StaticRoutingSnapshot.KeyspaceRouting.of("commerce", COMMERCE, List.of(ShardRef.of("0"))),
                StaticRoutingSnapshot.KeyspaceRouting.of("customer", CUSTOMER, List.of(ShardRef.of("-40"), ShardRef.of("40-"))))), shapes);
        assertEquals("40-", shards(later.route("select * from customer where customer_id = 4", customer)),
                "a new routing snapshot decides the shapes again");
    }

    @Test
    void preparedInsertsOfOneRowGoByTheirVindexParameter() {
        assertEquals(Optional.of(new ShardTarget("customer", "80-", TabletType.PRIMARY)),
                prepared("insert into customer(customer_id, email) values (?, ?)", customer, 4, 0));
        assertEquals(Optional.of(new ShardTarget("customer", "-80", TabletType.PRIMARY)),
                prepared("insert into customer(customer_id, email) values (?, ?)", customer, 5, 0));
        assertEquals(Optional.empty(), prepared("insert into customer(email) values (?)", customer, 1),
                "the sequence fills in the id: the text path");
    }

    @Test
    void targetsParseEveryForm() {
        assertEquals(new Target("customer", "-80", TabletType.REPLICA), Target.parse("customer/-80@replica"));
        assertEquals(new Target(null, null, TabletType.RDONLY), Target.parse("@rdonly"));
        assertEquals(new Target("ks", null, TabletType.PRIMARY), Target.parse("`ks@master`"));
        assertThrows(MysqlException.class, () -> Target.parse("ks@nonsense"));
    }

    @Test
    void equalityAndInRouteByHash() {
        assertEquals("-80", shards(router.route("select * from customer where customer_id = 1", customer)));
        assertEquals("80-", shards(router.route("select * from customer where customer_id = 4", customer)));
        assertEquals("-80,80-", shards(router.route("select * from customer where customer_id in (4, 1)", customer)));
        assertEquals("-80", shards(router.route("select * from customer c where c.customer_id in (2, 3, 5) and email like 'a%'", customer)));
        assertEquals("-80,80-", shards(router.route("select * from customer where email = 'x'", customer)));
    }

    @Test
    void selectWithoutTableInShardedKeyspaceGoesToOneShard() {
        assertEquals("-80", shards(router.route("select 'Customer' as ''", customer)));
        assertEquals("-80", shards(router.route("select 1 + 1", customer)));
    }

    @Test
    void insertsSplitPerShard() {
        Route r = router.route("insert into customer(customer_id, email) values (1, 'a'), (4, 'd'), (2, 'b')", customer);
        Route.MultiWrite w = assertInstanceOf(Route.MultiWrite.class, r);
        assertEquals("INSERT INTO customer (customer_id, email) VALUES (1, 'a'), (2, 'b')", w.queries().get(0).sql());
        assertEquals("80-", w.queries().get(1).target().shard());
        assertEquals("INSERT INTO customer (customer_id, email) VALUES (4, 'd')", w.queries().get(1).sql());
    }

    @Test
    void missingAutoIncrementComesFromTheSequence() {
        Route r = router.route("insert into customer(email) values ('a'), ('b')", customer);
        Route.WithSequenceIds w = assertInstanceOf(Route.WithSequenceIds.class, r);
        assertEquals(new Route.SequenceRef("commerce", "customer_seq"), w.sequence());
        assertEquals(2, w.count());
        Route next = w.then().apply(new long[] {1, 4});
        Route.MultiWrite m = assertInstanceOf(Route.MultiWrite.class, next);
        assertEquals("INSERT INTO customer (email, customer_id) VALUES ('a', 1)", m.queries().get(0).sql());
        assertEquals("INSERT INTO customer (email, customer_id) VALUES ('b', 4)", m.queries().get(1).sql());
    }

    @Test
    void scatterSelectsMergeOrderLimitAndAggregates() {
        Route.Scatter s = assertInstanceOf(Route.Scatter.class,
                router.route("select customer_id, email from customer order by email desc limit 2, 3", customer));
        assertEquals("SELECT customer_id, email FROM customer ORDER BY email DESC LIMIT 5", s.queries().get(0).sql());
        assertEquals(List.of(new MergeSpec.SortKey(1, true)), s.merge().orderBy());
        assertEquals(2, s.merge().offset());
        assertEquals(3, s.merge().limit());
        Route.Scatter a = assertInstanceOf(Route.Scatter.class, router.route("select count(*), max(customer_id) from customer", customer));
        assertEquals(List.of(MergeSpec.Aggregate.COUNT, MergeSpec.Aggregate.MAX), a.merge().aggregates());
        Route.Scatter avg = assertInstanceOf(Route.Scatter.class, router.route("select avg(customer_id) from customer", customer));
        assertEquals("SELECT sum(customer_id) AS `avg(customer_id)`, count(customer_id) FROM customer", avg.queries().get(0).sql());
        assertEquals(List.of(new MergeSpec.Average(0, 1)), avg.merge().averages());
        assertEquals(1, avg.merge().visibleColumns(), "the count is hidden from the client");
        // AVG beside other aggregates: each column keeps its own way of combining, the hidden count comes last
        // (was: the count's COUNT took AVG's place and every later column took its left neighbour's, so
        // max(price), avg(price), min(price) answered 100, 320.0000, 60 for 130, 53.3333, 30)
        Route.Scatter mixed = assertInstanceOf(Route.Scatter.class,
                router.route("select max(price), avg(price), min(sku), count(*) from corder", customer));
        assertEquals("SELECT max(price), sum(price) AS `avg(price)`, min(sku), count(*), count(price) FROM corder",
                mixed.queries().get(0).sql());
        assertEquals(List.of(MergeSpec.Aggregate.MAX, MergeSpec.Aggregate.SUM, MergeSpec.Aggregate.MIN,
                MergeSpec.Aggregate.COUNT, MergeSpec.Aggregate.COUNT), mixed.merge().aggregates());
        assertEquals(List.of(new MergeSpec.Average(1, 4)), mixed.merge().averages());
        Route.Scatter twoAvgs = assertInstanceOf(Route.Scatter.class,
                router.route("select sku, avg(price), avg(order_id) from corder group by sku order by avg(price)", customer));
        assertEquals(List.of(MergeSpec.Aggregate.NONE, MergeSpec.Aggregate.SUM, MergeSpec.Aggregate.SUM,
                MergeSpec.Aggregate.COUNT, MergeSpec.Aggregate.COUNT), twoAvgs.merge().aggregates());
        assertEquals(List.of(new MergeSpec.Average(1, 3), new MergeSpec.Average(2, 4)), twoAvgs.merge().averages());
        // an aggregate the gateway cannot combine, or one inside an expression, would be each shard's own value:
        // 'select coalesce(max(price), 0) from corder' answered a row per shard
        for (String sql : List.of("select coalesce(max(price), 0) from corder", "select sum(price) + 1 from corder",
                "select count(*) > 0 from corder", "select group_concat(sku) from corder",
                "select sku, group_concat(order_id) from corder group by sku", "select std(price) from corder",
                "select bit_or(price) from corder", "select json_arrayagg(order_id) from corder",
                "select * from (select ifnull(sum(price), 0) s from corder) t")) {
            MysqlException refused = assertThrows(MysqlException.class, () -> router.route(sql, customer), sql);
            assertEquals(1235, refused.error().code(), sql);
        }
        // GROUP BY the primary vindex column: each group lives on one shard, so any aggregate and HAVING stay there
        Route.Scatter whole = assertInstanceOf(Route.Scatter.class, router.route(
                "select group_concat(sku), coalesce(max(price), 0) from corder group by customer_id having count(*) > 1"
                        + " order by 2 desc limit 3", customer));
        assertEquals("SELECT GROUP_CONCAT(sku) AS `group_concat(sku)`, coalesce(max(price), 0) FROM corder GROUP BY customer_id HAVING count(*) > 1"
                + " ORDER BY 2 DESC LIMIT 3", whole.queries().get(0).sql());
        assertEquals(List.of(), whole.merge().aggregates());
        assertEquals(List.of(new MergeSpec.SortKey(1, true)), whole.merge().orderBy());
        assertEquals(3, whole.merge().limit());
        // labels as MariaDB gives them, the expression as written ('price * 2' was the reprint's label)
        Route.Scatter labels = assertInstanceOf(Route.Scatter.class, router.route(
                "select price*2, UPPER( sku ), order_id, 'a b', `price`+1 p, COUNT(*) from corder group by 1, 2, 3, 4, 5", customer));
        assertEquals("SELECT price * 2 AS `price*2`, UPPER(sku) AS `UPPER( sku )`, order_id, 'a b', `price` + 1 p, COUNT(*)"
                + " FROM corder GROUP BY 1, 2, 3, 4, 5", labels.queries().get(0).sql());
        // a joined table's column of the same name is another column: only the FROM table's counts under a join
        assertThrows(MysqlException.class, () -> router.route("select o.customer_id, group_concat(o.sku) from customer c"
                + " join corder o on c.customer_id = o.customer_id group by o.customer_id", customer));
        MysqlException e = assertThrows(MysqlException.class,
                () -> router.route("select count(distinct email), count(distinct customer_id) from customer", customer));
        assertTrue(e.error().message().contains("DISTINCT aggregates of two expressions"), e.error().message());
    }

    @Test
    void unshardedStatementsPassThroughUnparsed() {
        String weird = "select /* anything */ description from product where sku = 'x' for update";
        Route.Forward f = assertInstanceOf(Route.Forward.class, router.route(weird, Target.parse("commerce")));
        assertEquals(weird, f.query().sql());
        assertEquals("0", f.query().target().shard());
        Route.Forward q = assertInstanceOf(Route.Forward.class, router.route("select * from commerce.product", Target.DEFAULT));
        assertEquals("SELECT * FROM product", q.query().sql());
    }

    @Test
    void withoutAKeyspaceTheVSchemaFindsTheTable() {
        assertEquals("80-", shards(router.route("select * from customer where customer_id = 4", Target.DEFAULT)));
        MysqlException e = assertThrows(MysqlException.class, () -> router.route("select * from unknown_table", Target.DEFAULT));
        assertEquals(1046, e.error().code());
    }

    @Test
    void sequencesAndChatter() {
        Route.NextValues n = assertInstanceOf(Route.NextValues.class, router.route("select next 10 values from customer_seq", Target.DEFAULT));
        assertEquals(10, n.count());
        assertInstanceOf(Route.Forward.class, router.route("select @@version_comment limit 1", Target.DEFAULT));
        assertInstanceOf(Route.SetSession.class, router.route("SET NAMES utf8mb4", Target.DEFAULT));
        assertInstanceOf(Route.Answer.class, router.route("show vitess_shards", Target.DEFAULT));
        assertInstanceOf(Route.Use.class, router.route("use customer/-80@replica", Target.DEFAULT));
    }

    @Test
    void servedFromSendsTrafficToTheSourceKeyspace() {
        RoutingSnapshot moving = new StaticRoutingSnapshot(List.of(
                StaticRoutingSnapshot.KeyspaceRouting.of("commerce", COMMERCE, List.of(ShardRef.of("0"))),
                StaticRoutingSnapshot.KeyspaceRouting.of("customer", new VSchema(false, Map.of(), Map.of("customer", VSchema.Table.PLAIN)),
                        List.of()).withServedFrom(TabletType.PRIMARY, "commerce")));
        Route.Forward f = assertInstanceOf(Route.Forward.class, new Router(moving).route("select * from customer", customer));
        assertEquals("commerce", f.query().target().keyspace());
    }

    @Test
    void unsupportedSqlSaysWhy() {
        MysqlException e = assertThrows(MysqlException.class,
                () -> router.route("update customer set customer_id = 3 where customer_id = 1", customer));
        assertTrue(e.error().message().contains("primary vindex"));
        e = assertThrows(MysqlException.class, () -> router.route("selec nonsense from", customer));
        assertEquals(1064, e.error().code());
    }

    @Test
    void keyspaceQualifiersAreFoundInAnyCaseAndQuoting() {
        assertTrue(StatementWords.namesQualifier("select * from Commerce.product", "commerce"));
        assertTrue(StatementWords.namesQualifier("select * from `COMMERCE`.product", "commerce"));
        assertTrue(StatementWords.namesQualifier("select * from x.y, commerce.product", "commerce"));
        assertFalse(StatementWords.namesQualifier("select * from product where price > 1.5", "commerce"));
        assertFalse(StatementWords.namesQualifier("select commerce from t", "commerce"));
        assertFalse(StatementWords.namesQualifier(".", "commerce"));
    }
}
