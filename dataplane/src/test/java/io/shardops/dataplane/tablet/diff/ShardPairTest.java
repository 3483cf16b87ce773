package io.shardops.dataplane.tablet.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardops.dataplane.tablet.copy.RowSelector;
import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.spec.key.KeyRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Customers 1, 2, 3, 5 hash into -80 and customer 4 into 80-, as the reference shows. */
class ShardPairTest {
    private static final List<String> COLUMNS = List.of("customer_id", "email");
    private static final Object[][] CUSTOMERS = {{1L, "a"}, {2L, "b"}, {3L, "c"}, {4L, "d"}, {5L, "e"}, {null, "no key"}};

    private static RowSelector shard(String name) {
        KeyRange range = KeyRange.parse(name).orElseThrow();
        return range.isFull() ? RowSelector.all() : RowSelector.byKeyRange("customer_id", new HashVindex(), range);
    }

    private static List<Object> ids(Predicate<Object[]> p) {
        List<Object> out = new ArrayList<>();
        for (Object[] row : CUSTOMERS) {
            if (p.test(row)) {
                out.add(row[0]);
            }
        }
        return out;
    }

    private static final List<RowSelector> HALVES = List.of(shard("-80"), shard("80-"));

    @Test
    void aMergeComparesEachSourceShardWithItsOwnShareOfTheTarget() {
        ShardPair low = new ShardPair(shard("0"), HALVES, 0);
        ShardPair high = new ShardPair(shard("0"), HALVES, 1);
        assertEquals(List.of(4L), ids(high.targetRows(COLUMNS)), "80- is compared only with customer 4 on the target");
        assertEquals(List.of(4L), ids(high.sourceRows(COLUMNS)));
        assertEquals(Arrays.asList(1L, 2L, 3L, 5L, null), ids(low.sourceRows(COLUMNS)),
                "a row without a sharding key, copied into the whole range, is compared with the first source shard");
    }

    @Test
    void everyTargetRowIsComparedInExactlyOnePairSoAStrayRowIsStillFound() {
        ShardPair low = new ShardPair(shard("0"), HALVES, 0);
        assertEquals(Arrays.asList(1L, 2L, 3L, 5L, null), ids(low.targetRows(COLUMNS)),
                "a target row without a sharding key goes to the first source shard, where it is extra");
        List<Object> all = new ArrayList<>(ids(low.targetRows(COLUMNS)));
        all.addAll(ids(new ShardPair(shard("0"), HALVES, 1).targetRows(COLUMNS)));
        assertEquals(CUSTOMERS.length, all.size());
    }

    @Test
    void sourceRowsAreTheIntersectionOfTheSourceShardAndTheTargetShard() {
        List<RowSelector> quarters = List.of(shard("-40"), shard("40-80"), shard("80-"));
        // -40,40-80,80- merged into -80 and 80-: the pair (40-80, -80) compares what 40-80 holds
        assertEquals(ids(new ShardPair(shard("-80"), quarters, 1).sourceRows(COLUMNS)),
                ids(shard("40-80").bind(COLUMNS)));
        assertEquals(List.of(), ids(new ShardPair(shard("80-"), quarters, 1).sourceRows(COLUMNS)), "40-80 and 80- share no keyspace id");
    }

    @Test
    void aSplitFromOneSourceKeepsComparingTheTargetsRangeAgainstTheWholeTarget() {
        ShardPair split = ShardPair.oneSource(shard("-80"));
        assertEquals(List.of(1L, 2L, 3L, 5L), ids(split.sourceRows(COLUMNS)));
        assertEquals(CUSTOMERS.length, ids(split.targetRows(COLUMNS)).size(), "a target row outside -80 is extra, not skipped");
    }

    @Test
    void aPairNamesOneOfTheSourceShards() {
        assertThrows(IllegalArgumentException.class, () -> new ShardPair(shard("0"), HALVES, 2));
    }
}
