package io.shardops.spec.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyRangeTest {
    private static KeyRange range(String name) {
        return KeyRange.parse(name).orElseThrow();
    }

    private static byte[] id(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void zeroAndDashAreTheWholeRange() {
        assertTrue(range("0").isFull());
        assertTrue(range("-").isFull());
        assertEquals(range("0"), range("-"));
    }

    @Test
    void namesAreLeftJustified() {
        assertEquals(range("-80"), range("00-8000"));
        assertEquals(range("80-"), range("8000-"));
        assertNotEquals(range("80-"), range("80-ff"), "80- reaches past ff, 80-ff stops at ff00");
        assertEquals(range("-80").hashCode(), range("00-8000").hashCode());
    }

    @Test
    void theReferenceCustomersLandAsInTheTutorial() {
        // keyspace ids of customer_id 1..5 under the hash vindex (FACTS.md); 4 alone goes to 80-
        assertTrue(range("-80").contains(id("166b40b44aba4bd6")));
        assertTrue(range("-80").contains(id("06e7ea22ce92708f")));
        assertTrue(range("-80").contains(id("4eb190c9a2fa169c")));
        assertTrue(range("80-").contains(id("d2fd8867d50d2dfe")));
        assertTrue(range("-80").contains(id("70bb023c810ca87a")));
        assertFalse(range("80-").contains(id("70bb023c810ca87a")));
    }

    @Test
    void intersectsOnlyWhenAnIdIsShared() {
        assertTrue(range("-80").intersects(range("40-c0")));
        assertFalse(range("-80").intersects(range("80-")));
        assertTrue(range("0").intersects(range("c0-")));
    }

    @Test
    void badNamesSayWhy() {
        assertEquals(Optional.of("a shard name must not be empty"), KeyRange.problem(""));
        assertTrue(KeyRange.problem("80").orElseThrow().contains("is not a key range"));
        assertTrue(KeyRange.problem("8-").orElseThrow().contains("odd number of hex digits"));
        assertTrue(KeyRange.problem("8A-").orElseThrow().contains("lowercase"));
        assertTrue(KeyRange.problem("80-40").orElseThrow().contains("starts at or after its end"));
        assertTrue(KeyRange.problem("-80-").orElseThrow().contains("is not a key range"));
    }
}
