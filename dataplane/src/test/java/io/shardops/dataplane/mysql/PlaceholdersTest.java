package io.shardops.dataplane.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private static String bind(String sql, String... literals) {
        return Placeholders.substitute(sql, Placeholders.find(sql), literals);
    }

    @Test
    void aLimitOrOffsetCountBoundAsADoubleOrANumericStringIsWrittenAsTheInteger() {
        // mysql2's execute() sends numbers as DOUBLE: 'limit 2.0' was MariaDB's 1064 on one shard, 1235 across shards
        assertEquals("select a from t where b = 2.0 order by a limit 2 offset 1",
                bind("select a from t where b = ? order by a limit ? offset ?", "2.0", "2.0", "'1'"));
        assertEquals("select a from t LIMIT 10, 20", bind("select a from t LIMIT ?, ?", "10.0", "2.0E1"));
        assertEquals("select a from t limit 5, 3", bind("select a from t limit 5, ?", "3.0"));
        assertEquals("select a from t limit\n7", bind("select a from t limit\n?", "7"));
    }

    @Test
    void otherValuesAndOtherPlacesAreLeftAsBound() {
        assertEquals("select a from t limit 2.5", bind("select a from t limit ?", "2.5"));
        assertEquals("select a from t limit -1.0", bind("select a from t limit ?", "-1.0"));
        assertEquals("select a from t limit 'x'", bind("select a from t limit ?", "'x'"));
        assertEquals("select a from t where b in (1.0, 2.0)", bind("select a from t where b in (?, ?)", "1.0", "2.0"));
        assertEquals("select nolimit, 2.0 from t", bind("select nolimit, ? from t", "2.0"));
        assertEquals("select a, 2.0 from t", bind("select a, ? from t", "2.0"));
    }
}
