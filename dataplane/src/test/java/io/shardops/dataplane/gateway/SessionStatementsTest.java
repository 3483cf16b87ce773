package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionStatementsTest {
    @Test
    void connectionBoundStateReservesTheSessionsConnections() {
        assertTrue(SessionStatements.needsReservedConnection("create temporary table t(id int)"));
        assertTrue(SessionStatements.needsReservedConnection("  CREATE TEMPORARY TABLE t like u"));
        assertTrue(SessionStatements.needsReservedConnection("select get_lock('flyway', 10)"));
        assertTrue(SessionStatements.needsReservedConnection("SELECT GET_LOCK ('x', 0) AS l"));
        assertTrue(SessionStatements.needsReservedConnection("lock tables t write"));
        assertTrue(SessionStatements.needsReservedConnection("prepare s from 'select 1'"));
        assertFalse(SessionStatements.needsReservedConnection("create table t(id int)"));
        assertFalse(SessionStatements.needsReservedConnection("select * from t where id = 1"));
        assertFalse(SessionStatements.needsReservedConnection("select 'get_lock(' from t"));
        assertFalse(SessionStatements.needsReservedConnection("insert into t values (1)"));
    }
}
