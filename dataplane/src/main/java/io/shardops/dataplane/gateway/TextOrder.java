package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.dataplane.mysql.ColumnType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How the gateway tells values of one result column apart when it merges shards' rows: GROUP BY and DISTINCT
 * groups, UNION's repeats, MIN/MAX and ORDER BY. Each shard compared its own rows by the column's collation, so
 * the merge must too, or 'Alice' on one shard and 'alice' on another become two groups where one MariaDB gives one.
 * Binary strings and _bin collations (the server marks both with BINARY_FLAG) compare by bytes; the default
 * collations (_general_ci and friends) ignore case; both ignore trailing spaces, as PAD SPACE collations do.
 * Numbers compare by value.
 */
final class TextOrder {
    private TextOrder() {}

    /** Equal for values the column's collation calls equal; null for SQL NULL. */
    static String key(byte[] v, ColumnDefinition col) {
        if (v == null) {
            return null;
        }
        if (col.isNumeric()) {
            try {
                return ResultMerger.decimal(v).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                // not a plain number (e.g. a float's exponent form): its bytes
            }
        }
        if (col.characterSet() == ColumnDefinition.BINARY_COLLATION) {
            return new String(v, StandardCharsets.ISO_8859_1);
        }
        String text = withoutTrailingSpaces(new String(v, StandardCharsets.UTF_8));
        return caseSensitive(col) ? text : folded(text);
    }

    static int compare(byte[] x, byte[] y, ColumnDefinition col) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : -1) : 1;  // NULL sorts first, as in MySQL
        }
        if (col.isNumeric()) {
            try {
                return ResultMerger.decimal(x).compareTo(ResultMerger.decimal(y));
            } catch (NumberFormatException e) {
                // fall through to text order
            }
        }
        if (col.characterSet() == ColumnDefinition.BINARY_COLLATION) {
            return Arrays.compareUnsigned(x, y);
        }
        String a = withoutTrailingSpaces(new String(x, StandardCharsets.UTF_8));
        String b = withoutTrailingSpaces(new String(y, StandardCharsets.UTF_8));
        return caseSensitive(col) ? a.compareTo(b) : folded(a).compareTo(folded(b));
    }

    private static boolean caseSensitive(ColumnDefinition col) {
        return (col.flags() & ColumnType.BINARY_FLAG) != 0;
    }

    /** Case folded as String.compareToIgnoreCase folds, code point by code point. */
    private static String folded(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
        return out.toString();
    }

    private static String withoutTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }
}
