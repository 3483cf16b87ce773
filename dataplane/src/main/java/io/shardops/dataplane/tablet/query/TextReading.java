package io.shardops.dataplane.tablet.query;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a SET changes how MariaDB reads the text of later statements: ANSI_QUOTES makes {@code "x"} a
 * name, NO_BACKSLASH_ESCAPES ends {@code '\'} at its second quote, and in big5, cp932, gbk or sjis a
 * backslash byte can belong to a character. The analyzer reads text as the server's defaults do, so after
 * such a SET a statement whose strings hold a backslash or double quotes may hide a table from it.
 */
final class TextReading {
    private static final Pattern SAFE_SQL_MODE = Pattern.compile(
            "(?is)^SET\\s+(?:SESSION\\s+|LOCAL\\s+|@@SESSION\\.|@@LOCAL\\.|@@)?sql_mode\\s*:?=\\s*'[A-Z_,]*'\\s*;?$");
    private static final Pattern SAFE_CHARSET = Pattern.compile(
            "(?is)^SET\\s+(?:NAMES|CHARACTER\\s+SET|CHARSET|(?:SESSION\\s+|@@SESSION\\.|@@)?character_set_client\\s*:?=)\\s*"
                    + "'?(?:utf8mb4|utf8mb3|utf8|latin1|ascii)'?(?:\\s+COLLATE\\s+'?[A-Za-z0-9_]+'?)?\\s*;?$");
    private static final Pattern MENTIONS_MODE = Pattern.compile("(?i)sql_mode");
    private static final Pattern MENTIONS_CHARSET = Pattern.compile("(?i)\\bnames\\b|character|charset");

    private TextReading() {}

    /** {@code sql} is a SET (or SET STATEMENT); true when it may change how later text is read. */
    static boolean changesReading(String sql) {
        if (MENTIONS_MODE.matcher(sql).find()) {
            if (!SAFE_SQL_MODE.matcher(sql).matches()) {
                return true;
            }
            String upper = sql.toUpperCase(Locale.ROOT);
            return upper.contains("ANSI") || upper.contains("BACKSLASH");
        }
        return MENTIONS_CHARSET.matcher(sql).find() && !SAFE_CHARSET.matcher(sql).matches();
    }
}
