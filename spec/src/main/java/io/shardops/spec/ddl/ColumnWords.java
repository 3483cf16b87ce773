package io.shardops.spec.ddl;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Catches misspelt words in a column definition that the SQL parser lets through but MariaDB refuses
 * ({@code not nul}, {@code varchr(64)}, {@code defualt 0}): the parser reads a column's type as any name and the words
 * after it as a free list, so without this a typo passes {@code validate} and {@code plan} and fails in {@code apply}.
 * Deliberately lenient: only plain words are checked, values after DEFAULT, COMMENT, COLLATE, CHARACTER SET and
 * ON UPDATE are skipped, and the rest of a definition after CHECK, AS or REFERENCES is an expression not looked at.
 */
final class ColumnWords {
    private ColumnWords() {}

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** First words of MariaDB data types (and their synonyms). */
    static final Set<String> TYPES = Set.of(
            "tinyint", "smallint", "mediumint", "middleint", "int", "integer", "bigint", "int1", "int2", "int3", "int4", "int8",
            "decimal", "dec", "numeric", "fixed", "number", "float", "float4", "float8", "double", "real", "bit", "bool", "boolean",
            "serial", "date", "time", "datetime", "timestamp", "year", "char", "character", "varchar", "varchar2", "nchar",
            "nvarchar", "national", "varcharacter", "binary", "varbinary", "raw", "tinyblob", "blob", "mediumblob", "longblob",
            "long", "tinytext", "text", "mediumtext", "longtext", "clob", "enum", "set", "json", "uuid", "inet4", "inet6",
            "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
            "geometrycollection", "row", "signed", "unsigned");

    /** Words a column definition may hold after its type. */
    static final Set<String> SPEC_WORDS = Set.of(
            "not", "null", "default", "auto_increment", "primary", "key", "unique", "comment", "collate", "character", "set",
            "charset", "on", "update", "unsigned", "signed", "zerofill", "binary", "ascii", "unicode", "byte", "invisible",
            "visible", "generated", "always", "as", "virtual", "persistent", "stored", "check", "references", "constraint",
            "column_format", "fixed", "dynamic", "storage", "disk", "memory", "with", "without", "system",
            "versioning", "compressed", "serial", "value", "varying", "precision", "national", "current_timestamp",
            "now", "localtime", "localtimestamp", "true", "false", "ref_system_id", "srid");

    /** The value after these is not a keyword (a literal, a name, a function call). */
    private static final Set<String> TAKES_VALUE = Set.of("default", "comment", "collate", "charset", "update", "ref_system_id", "srid");

    /** The rest of the definition after these is an expression or a reference. */
    private static final Set<String> EXPRESSION_FOLLOWS = Set.of("check", "as", "references", "constraint");

    /** The first word that does not belong, or null. */
    static String unknownTypeWord(String dataType) {
        if (dataType == null || dataType.isBlank()) {
            return null;
        }
        String first = dataType.strip().split("[\\s(]+", 2)[0].toLowerCase(Locale.ROOT);
        return WORD.matcher(first).matches() && !TYPES.contains(first) ? first : null;
    }

    /** The first word of {@code specs} (the column definition after its type) that belongs in no column definition, or null. */
    static String unknownSpecWord(List<String> specs) {
        boolean skipNext = false;
        String previous = "";
        for (String raw : specs) {
            String token = raw.strip();
            String lower = token.toLowerCase(Locale.ROOT);
            if (skipNext) {
                skipNext = false;
                previous = lower;
                continue;
            }
            if (!WORD.matcher(token).matches()) {
                previous = lower;
                continue;  // literals, numbers, parentheses, operators
            }
            if (!SPEC_WORDS.contains(lower)) {
                return token;
            }
            if (EXPRESSION_FOLLOWS.contains(lower)) {
                return null;
            }
            if (TAKES_VALUE.contains(lower) || lower.equals("set") && previous.equals("character")) {
                skipNext = true;
            }
            previous = lower;
        }
        return null;
    }
}
