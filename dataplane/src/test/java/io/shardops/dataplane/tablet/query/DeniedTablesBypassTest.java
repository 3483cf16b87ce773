package io.shardops.dataplane.tablet.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every way of naming a denied table that a client can send to the source primary after a MoveTables
 * switch (customer denied): each is refused, and the same statement on a non-denied table still runs.
 */
class DeniedTablesBypassTest {
    private static final ServingState DENIED = ServingState.of(TabletType.PRIMARY, true, List.of("customer", "customer_seq"));
    private static final ServingState OPEN = ServingState.of(TabletType.PRIMARY, true, List.of());
    private static final Set<String> TABLES = Set.of("customer", "corder", "product", "customer_view", "product_view",
            "customer_seq", "product_seq", "audited", "logged");
    private static final Set<String> ROUTINES = Set.of("add_customer");

    private final StatementAnalyzer analyzer = new StatementAnalyzer();
    private final Map<String, String> views = Map.of(
            "customer_view", "select `commerce`.`customer`.`customer_id` AS `customer_id` from `commerce`.`customer`",
            "product_view", "select `commerce`.`product`.`sku` AS `sku` from `commerce`.`product`");
    private final QueryRules.Schema schema = new QueryRules.Schema() {
        @Override
        public boolean hasTable(String name) {
            return TABLES.contains(name);
        }

        @Override
        public boolean hasRoutine(String name) {
            return ROUTINES.contains(name);
        }

        @Override
        public Optional<StatementInfo> view(String name) {
            return Optional.ofNullable(views.get(name)).map(analyzer::analyze);
        }

        @Override
        public List<StatementInfo> triggers(String table) {
            return triggers.getOrDefault(table, List.of()).stream().map(analyzer::analyze).toList();
        }
    };
    /** corder's trigger copies into customer; audited's is a compound body; logged's writes product only. */
    private final Map<String, List<String>> triggers = Map.of(
            "corder", List.of("insert into customer (customer_id) values (NEW.customer_id)"),
            "audited", List.of("BEGIN IF NEW.x > 0 THEN SET @n = @n + 1; END IF; END"),
            "logged", List.of("update product set price = price + 1 where sku = NEW.sku"));

    /** One client connection: statements run through the analyzer, the session's names and the rules, as in TabletSession. */
    private final class Session {
        private final SessionNames names = new SessionNames();

        QueryRules.Verdict run(ServingState state, String sql) {
            StatementAnalyzer.Lookup l = analyzer.lookup(sql);
            StatementInfo info = l.info().orElseGet(() -> analyzer.parse(l));
            StatementInfo effective = names.asRun(l.lexed(), info);
            QueryRules.Verdict v = QueryRules.check(state, effective, "zone1-0000000101", "commerce", schema);
            if (v instanceof QueryRules.Verdict.Allow) {
                names.ran(l, info, effective);
            }
            return v;
        }
    }

    private void refused(String sql) {
        QueryRules.Verdict v = new Session().run(DENIED, sql);
        QueryRules.Verdict.Refuse r = assertInstanceOf(QueryRules.Verdict.Refuse.class, v, sql);
        assertTrue(r.error().message().startsWith(QueryRules.DENIED_TABLES_MESSAGE), sql + ": " + r.error().message());
    }

    private void allowed(String sql) {
        assertInstanceOf(QueryRules.Verdict.Allow.class, new Session().run(DENIED, sql), sql);
    }

    @Test
    void versionedCommentsAreReadAsTheServerRunsThem() {
        refused("/*!50000 insert into customer (customer_id, email) values (9, 'x') */");
        refused("/*! insert into customer values (9, 'x') */");
        refused("/*M! delete from customer */");
        refused("/*M!100500 delete from customer */");
        refused("select 1 /*!, (select count(*) from customer) */");
        refused("/*!50000 truncate */ customer");
        allowed("/*!50000 insert into product (sku) values ('a') */");
        allowed("/* insert into customer values (1) */ select 1");
    }

    @Test
    void handlerStatementsAreCheckedByTheTableTheyOpen() {
        refused("HANDLER customer OPEN");
        refused("handler `commerce`.`Customer` open as c");
        refused("HANDLER customer READ FIRST");
        Session s = new Session();
        assertInstanceOf(QueryRules.Verdict.Allow.class, s.run(OPEN, "HANDLER customer OPEN AS h"));
        // the handler was opened before the switch: reading it after is refused by the table behind the alias
        assertInstanceOf(QueryRules.Verdict.Refuse.class, s.run(DENIED, "HANDLER h READ FIRST"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, s.run(DENIED, "HANDLER product OPEN AS p"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, s.run(DENIED, "HANDLER p READ NEXT"));
    }

    @Test
    void sqlLevelPreparedStatementsAreAnalysedAtPrepareAndCheckedAtExecute() {
        refused("PREPARE s FROM 'delete from customer where customer_id = ?'");
        refused("prepare s from \"delete from customer\"");
        refused("PREPARE s FROM 'delete from ' 'customer'");
        refused("PREPARE s FROM 'delete from cust\\omer'");
        refused("PREPARE s FROM @sql");
        refused("PREPARE s FROM CONCAT('delete from ', 'customer')");
        refused("PREPARE s FROM _utf8mb4'delete from customer'");
        refused("EXECUTE IMMEDIATE 'delete from customer'");
        refused("EXECUTE IMMEDIATE @sql");
        refused("EXECUTE s");
        Session before = new Session();
        assertInstanceOf(QueryRules.Verdict.Allow.class, before.run(OPEN, "PREPARE s FROM 'delete from customer where customer_id = ?'"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, before.run(OPEN, "PREPARE p FROM 'select sku from product'"));
        assertInstanceOf(QueryRules.Verdict.Refuse.class, before.run(DENIED, "EXECUTE s USING @id"));
        assertInstanceOf(QueryRules.Verdict.Refuse.class, before.run(DENIED, "execute `S`"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, before.run(DENIED, "EXECUTE p"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, before.run(DENIED, "DEALLOCATE PREPARE s"));
        assertInstanceOf(QueryRules.Verdict.Refuse.class, before.run(DENIED, "EXECUTE s"));
        allowed("PREPARE q FROM 'select * from product where sku = ?'");
    }

    @Test
    void everyStatementOfAMultiStatementTextIsChecked() {
        refused("select 1; delete from customer");
        refused("select * from product;insert customer values (1, 'a')");
        refused("begin; delete from customer; commit");
        refused("set @a = 1; prepare s from 'select 1'");
        allowed("select * from product; select 1;");
        Session s = new Session();
        assertInstanceOf(QueryRules.Verdict.Allow.class, s.run(OPEN, "PREPARE p FROM 'select sku from product'"));
        // a multi-statement text may re-prepare p as anything: what p runs is no longer known
        assertInstanceOf(QueryRules.Verdict.Allow.class, s.run(OPEN, "select 1; prepare p from @x"));
        assertInstanceOf(QueryRules.Verdict.Refuse.class, s.run(DENIED, "EXECUTE p"));
    }

    @Test
    void storedRoutinesCompoundStatementsAndLoadDataAreRefused() {
        refused("CALL add_customer(1, 'a')");
        refused("call other_proc()");
        refused("select add_customer(1)");
        refused("insert into product (sku) values (add_customer(2))");
        refused("BEGIN NOT ATOMIC DELETE FROM customer; END");
        refused("BEGIN NOT ATOMIC HANDLER product OPEN; END");
        refused("IF 1 THEN TRUNCATE customer; END IF");
        refused("LOAD DATA INFILE '/tmp/x' INTO TABLE customer");
        refused("LOAD DATA LOCAL INFILE '/tmp/x' REPLACE INTO TABLE `commerce`.`customer` FIELDS TERMINATED BY ','");
        refused("LOAD XML LOCAL INFILE '/tmp/x' INTO TABLE customer");
        allowed("LOAD DATA LOCAL INFILE '/tmp/x' INTO TABLE product");
        allowed("select count(*), now(), concat('a', 'b') from product");
    }

    @Test
    void schemaChangesNamingTheTableAreRefused() {
        refused("RENAME TABLE customer TO customer_old");
        refused("rename table product to p2, customer to product");
        refused("ALTER TABLE customer ADD COLUMN x INT");
        refused("TRUNCATE customer");
        refused("TRUNCATE TABLE commerce.customer");
        refused("CREATE TABLE copy AS SELECT * FROM customer");
        refused("CREATE TABLE copy SELECT * FROM customer");
        refused("CREATE TABLE copy LIKE customer");
        refused("DROP TABLE customer");
        refused("DROP TABLE IF EXISTS product, customer");
        refused("CREATE INDEX i ON customer (email)");
        refused("DROP INDEX i ON customer");
        refused("CREATE VIEW v AS SELECT * FROM customer");
        refused("CREATE OR REPLACE VIEW v AS SELECT * FROM product JOIN customer USING (customer_id)");
        refused("LOCK TABLES customer WRITE");
        refused("OPTIMIZE TABLE customer");
        allowed("ALTER TABLE product ADD COLUMN x INT");
    }

    @Test
    void tablesInsideSubqueriesJoinsAndViewsAreFound() {
        refused("insert customer values (1, 'a')");
        refused("replace customer values (1, 'a')");
        refused("insert into product select * from customer");
        refused("select * from product where sku in (select email from customer)");
        refused("select * from product p join (select * from customer) c on p.sku = c.email");
        refused("update product p join customer c on p.sku = c.email set c.email = 'x'");
        refused("delete c from customer c join product p on p.sku = c.email");
        refused("delete product, customer from product join customer");
        refused("with c as (select * from customer) select * from c");
        refused("select exists (select 1 from customer)");
        refused("set @n = (select count(*) from customer)");
        refused("SET STATEMENT max_statement_time = 1 FOR DELETE FROM customer");
        refused("set statement max_statement_time=1 for insert customer values (1, 'a')");
        refused("select * from customer_view");
        refused("insert into customer_view (customer_id) values (5)");
        refused("do (select count(*) from customer)");
        refused("select * from product union select * from customer");
        refused("analyze delete from customer");
        allowed("select * from product_view");
        allowed("insert into product (sku) values ('a') on duplicate key update sku = 'b'");
        allowed("select * from product for update");
    }

    @Test
    void functionsAreFoundHoweverTheyAreCalled() {
        refused("select `add_customer`(1)");
        refused("select commerce.add_customer (1)");
        refused("select add_customer/* a comment */(1)");
        refused("select ADD_CUSTOMER(1)");
    }

    @Test
    void sequencesAreTablesEvenWithoutFrom() {
        refused("select nextval(customer_seq)");
        refused("select next value for customer_seq");
        refused("select setval(`customer_seq`, 1000)");
        refused("select previous value for commerce.customer_seq");
        refused("insert into product (sku, price) values ('a', nextval(customer_seq))");
        allowed("select next value for product_seq");
    }

    @Test
    void writesToATableWhoseTriggersTouchADeniedTableAreRefused() {
        refused("insert into corder (customer_id) values (1)");
        refused("update audited set x = 1");
        allowed("insert into logged (sku) values ('a')");
        allowed("select * from audited");
    }

    @Test
    void qualifiedQuotedAndMixedCaseNamesAreTheSameTable() {
        refused("select * from `commerce`.`customer`");
        refused("select * from commerce . customer");
        refused("select * from `CUSTOMER`");
        refused("SELECT * FROM Commerce.Customer");
        refused("delete from `customer`");
        // another database's table of the same name is not this shard's
        allowed("select * from otherdb.customer");
    }

    @Test
    void aSessionThatChangedHowQuotesReadCannotHideATableInAString() {
        Session s = new Session();
        assertInstanceOf(QueryRules.Verdict.Allow.class, s.run(DENIED, "SET sql_mode = 'NO_BACKSLASH_ESCAPES'"));
        // with NO_BACKSLASH_ESCAPES the string ends after the backslash and the rest is SQL
        assertInstanceOf(QueryRules.Verdict.Refuse.class, s.run(DENIED, "select '\\', 1 from customer -- '"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, s.run(DENIED, "select 'plain' from product"));
        Session ansi = new Session();
        assertInstanceOf(QueryRules.Verdict.Allow.class, ansi.run(DENIED, "set session sql_mode = concat(@@sql_mode, ',ANSI_QUOTES')"));
        assertInstanceOf(QueryRules.Verdict.Refuse.class, ansi.run(DENIED, "select * from \"customer\""));
        Session gbk = new Session();
        assertInstanceOf(QueryRules.Verdict.Allow.class, gbk.run(DENIED, "SET NAMES gbk"));
        assertInstanceOf(QueryRules.Verdict.Refuse.class, gbk.run(DENIED, "select '\\' from product"));
        Session utf8 = new Session();
        assertInstanceOf(QueryRules.Verdict.Allow.class, utf8.run(DENIED, "SET NAMES utf8mb4"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, utf8.run(DENIED, "select 'a\\'b' from product"));
    }

    @Test
    void withoutDeniedTablesTheSameFormsStillRun() {
        Session s = new Session();
        for (String sql : List.of("CALL add_customer(1, 'a')", "PREPARE s FROM @sql", "select 1; delete from customer",
                "/*!50000 insert into customer values (9, 'x') */", "LOAD DATA INFILE '/tmp/x' INTO TABLE customer")) {
            assertInstanceOf(QueryRules.Verdict.Allow.class, s.run(OPEN, sql), sql);
        }
        assertEquals(List.of(new TableRef(null, "customer")), analyzer.analyze("/*!50000 insert into customer values (9) */").tables());
    }
}
