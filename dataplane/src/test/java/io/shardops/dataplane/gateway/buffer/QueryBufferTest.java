package io.shardops.dataplane.gateway.buffer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryBufferTest {
    @Test
    void onlyRefusalsMadeBeforeExecutionAreHeld() {
        assertTrue(QueryBuffer.isSwitchRefusal("disallowed due to rule: enforce denied tables"));
        assertTrue(QueryBuffer.isSwitchRefusal("operation not allowed in state NOT_SERVING"));
        assertTrue(QueryBuffer.isSwitchRefusal("no serving tablet for customer/0 of type primary"));
        assertFalse(QueryBuffer.isSwitchRefusal("Duplicate entry '1' for key 'PRIMARY'"), "a statement MariaDB ran is never sent twice");
        assertFalse(QueryBuffer.isSwitchRefusal("table customer not found in schema"));
        assertFalse(QueryBuffer.isSwitchRefusal(null));
    }
}
