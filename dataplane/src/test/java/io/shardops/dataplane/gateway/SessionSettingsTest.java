package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionSettingsTest {
    @Test
    void whatPoolsSendOnConnectLeavesTheSessionAtTheConnectionsStart() {
        SessionSettings names = SessionSettings.BASELINE.with(Map.of("character_set_client", "'utf8mb4'",
                "character_set_results", "'utf8mb4'", "character_set_connection", "'utf8mb4'", "collation_connection", "'utf8mb4_general_ci'"));
        assertSame(SessionSettings.BASELINE, names);
        assertNull(SessionSettings.BASELINE.transitionFrom(null));
    }

    @Test
    void aConnectionIsMovedFromAnotherSessionsSettingsWithOneSet() {
        SessionSettings a = SessionSettings.BASELINE.with(Map.of("time_zone", "'+05:00'", "@x", "42", "character_set_results", "NULL"));
        SessionSettings b = SessionSettings.BASELINE.with(Map.of("time_zone", "'+00:00'", "sql_mode", "''"));
        assertEquals("SET @@session.character_set_results = NULL, @@session.time_zone = '+05:00', @`x` = 42", a.transitionFrom(null));
        assertEquals("SET @@session.character_set_results = 'utf8mb4', @@session.sql_mode = '', @@session.time_zone = '+00:00', @`x` = NULL",
                b.transitionFrom(a));
        assertEquals("SET @@session.sql_mode = DEFAULT, @@session.time_zone = DEFAULT", SessionSettings.BASELINE.transitionFrom(b));
        assertNull(b.transitionFrom(SessionSettings.BASELINE.with(Map.of("sql_mode", "''", "time_zone", "'+00:00'"))));
    }

    @Test
    void theHandshakeCollationStartsTheSession() {
        assertNull(SessionSettings.forHandshake(0));
        assertNull(SessionSettings.forHandshake(45));
        assertNull(SessionSettings.forHandshake(33));   // utf8mb3 is served as utf8mb4
        assertNull(SessionSettings.forHandshake(255));  // MySQL 8's utf8mb4_0900_ai_ci, unknown to MariaDB
        assertEquals("SET @@session.character_set_client = 'latin1', @@session.character_set_results = 'latin1',"
                + " @@session.character_set_connection = 'latin1', @@session.collation_connection = 8", SessionSettings.forHandshake(8).transitionFrom(null));
        assertEquals("SET @@session.collation_connection = 224", SessionSettings.forHandshake(224).transitionFrom(null));
    }
}
