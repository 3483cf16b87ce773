package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatementWordsTest {
    /** The lexical test that replaced a regex on every statement finds exactly what the regex found. */
    @Test
    void containsWordFindsWhatTheWordBoundaryRegexFinds() {
        Pattern from = Pattern.compile("(?i)\\bfrom\\b");
        // statement text holds one char per byte: 0x80-0xff stand for the bytes of non-ASCII characters
        List<String> statements = List.of("select c from t", "SELECT c FROM t", "select 1", "select fromage", "select x_from",
                "select 1from", "select from", "from", "fRoM", "select `from`", "select 'from'", "select\u00e9from t",
                "select x from\u00ff", "select\tFROM\nt", "select f\u0131rom", "select FRO", "select x.from.y", "select @from",
                "select $from", "", "f", "select \u017ffrom");
        for (String sql : statements) {
            assertEquals(from.matcher(sql).find(), StatementWords.containsWord(sql, "from"), sql);
        }
    }
}
