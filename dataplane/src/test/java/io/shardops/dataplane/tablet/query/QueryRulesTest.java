package io.shardops.dataplane.tablet.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryRulesTest {
    private final StatementAnalyzer analyzer = new StatementAnalyzer();
    private static final Set<String> SCHEMA = Set.of("customer", "corder", "product");

    private QueryRules.Verdict check(ServingState state, String sql) {
        return QueryRules.check(state, analyzer.analyze(sql), "zone1-0000000101", "commerce", SCHEMA::contains);
    }

    private static MysqlError refused(QueryRules.Verdict v) {
        return assertInstanceOf(QueryRules.Verdict.Refuse.class, v).error();
    }

    @Test
    void deniedTablesGiveVitessError() {
        ServingState s = ServingState.of(TabletType.PRIMARY, true, List.of("customer", "corder"));
        MysqlError e = refused(check(s, "select * from customer"));
        assertEquals(1105, e.code());
        assertEquals("HY000", e.sqlState());
        assertEquals("disallowed due to rule: enforce denied tables", e.message());
        refused(check(s, "select * from commerce.corder"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, check(s, "select * from product"));
    }

    @Test
    void aTableMissingFromTheSchemaIsReported() {
        ServingState s = ServingState.of(TabletType.PRIMARY, true, List.of());
        QueryRules.Verdict v = check(s, "select * from nosuch");
        assertEquals("nosuch", assertInstanceOf(QueryRules.Verdict.UnknownTable.class, v).table());
        assertEquals("table nosuch not found in schema", QueryRules.notInSchema("nosuch").message());
        assertInstanceOf(QueryRules.Verdict.Allow.class, check(s, "select * from information_schema.tables"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, check(s, "create table nosuch (id int)"));
    }

    @Test
    void writesAreRefusedOffThePrimaryAndReadsAllowed() {
        ServingState replica = ServingState.of(TabletType.REPLICA, true, List.of());
        MysqlError e = refused(check(replica, "insert into product values ('a', 'b', 1)"));
        assertEquals(1105, e.code());
        refused(check(replica, "drop table product"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, check(replica, "select * from product"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, check(ServingState.of(TabletType.RDONLY, true, List.of()), "select count(*) from corder"));
    }

    @Test
    void aTabletNotServingRefusesQueriesButLetsClientsEndTransactions() {
        ServingState off = ServingState.of(TabletType.PRIMARY, false, List.of());
        assertEquals("operation not allowed in state NOT_SERVING", refused(check(off, "select * from product")).message());
        assertInstanceOf(QueryRules.Verdict.Allow.class, check(off, "rollback"));
        assertInstanceOf(QueryRules.Verdict.Allow.class, check(off, "select @@session.auto_increment_increment"));
    }
}
