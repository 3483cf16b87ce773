package io.shardops.spec.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.key.KeyRange;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyRangeTilingTest {
    private static List<KeyRangeTiling.Named> shards(String... names) {
        return Arrays.stream(names).map(n -> new KeyRangeTiling.Named(n, KeyRange.parse(n).orElseThrow())).toList();
    }

    @Test
    void wholeRangeAndHalvesTile() {
        assertEquals(Optional.empty(), KeyRangeTiling.problem(shards("0")));
        assertEquals(Optional.empty(), KeyRangeTiling.problem(shards("-")));
        assertEquals(Optional.empty(), KeyRangeTiling.problem(shards("80-", "-80")));
        assertEquals(Optional.empty(), KeyRangeTiling.problem(shards("-40", "40-80", "80-c0", "c0-")));
        assertEquals(Optional.empty(), KeyRangeTiling.problem(shards("-8000", "80-")), "left-justified: 80 equals 8000");
    }

    @Test
    void gapsAndOverlapsAreNamed() {
        assertEquals(Optional.of("gap between shards -40 and 80-: nothing covers 40-80"), KeyRangeTiling.problem(shards("-40", "80-")));
        assertEquals(Optional.of("shards -80 and 40- overlap"), KeyRangeTiling.problem(shards("-80", "40-")));
        assertEquals(Optional.of("no shard covers the start of the key range, before 40 (first shard: 40-)"), KeyRangeTiling.problem(shards("40-")));
        assertEquals(Optional.of("no shard covers the end of the key range, from 80 (last shard: -80)"), KeyRangeTiling.problem(shards("-80")));
    }

    @Test
    void oldAndNewShardsListedTogetherAreTwoLayouts() {
        assertTrue(KeyRangeTiling.twoLayouts(shards("0", "-80", "80-")));
        assertTrue(KeyRangeTiling.twoLayouts(shards("-40", "40-80", "80-", "40-60", "60-80")), "unchanged shards belong to both layouts");
        assertTrue(KeyRangeTiling.twoLayouts(shards("-80", "80-", "0")), "a merge is a reshard too");
        assertFalse(KeyRangeTiling.twoLayouts(shards("-60", "40-80", "80-")));
        assertFalse(KeyRangeTiling.twoLayouts(shards("0", "-80", "80-", "-40")));
    }
}
