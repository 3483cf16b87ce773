package io.shardops.planner.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a column's new type can hold every value of the old one. Known widenings (a larger integer, a longer
 * string of the same kind, more decimal digits, more fractional seconds, enum values added) pass; a smaller
 * type, a change of signedness or of kind (text to integer, characters to bytes) is reported.
 */
final class ColumnTypes {
    private static final Map<String, Integer> INTEGER_BYTES = Map.of("tinyint", 1, "bool", 1, "boolean", 1, "smallint", 2,
            "mediumint", 3, "int", 4, "integer", 4, "bigint", 8);
    private static final Map<String, Long> TEXT_CHARS = Map.of("tinytext", 255L, "text", 65_535L, "mediumtext", 16_777_215L, "longtext", 4_294_967_295L);
    private static final Map<String, Long> BLOB_BYTES = Map.of("tinyblob", 255L, "blob", 65_535L, "mediumblob", 16_777_215L, "longblob", 4_294_967_295L);

    /** A type split into its name, arguments and the words after it. */
    record Parsed(String base, List<String> args, boolean unsigned) {}

    private ColumnTypes() {}

    static String normal(String type) {
        return type.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replace(" (", "(").replace("( ", "(").replace(" )", ")").replace(", ", ",").strip();
    }

    static Parsed parse(String type) {
        String t = normal(type);
        int open = t.indexOf('(');
        int close = t.lastIndexOf(')');
        String base = (open < 0 ? t.split(" ")[0] : t.substring(0, open)).strip();
        List<String> args = new ArrayList<>();
        if (open >= 0 && close > open) {
            args.addAll(splitArgs(t.substring(open + 1, close)));
        }
        String rest = close >= 0 ? t.substring(close + 1) : t.substring(base.length());
        return new Parsed(base, args, rest.contains("unsigned"));
    }

    /** The kind of values a type holds: {@code integer}, {@code decimal}, {@code float}, {@code text}, {@code bytes}, {@code time}, else the type's name. */
    static String family(String type) {
        Parsed p = parse(type);
        if (INTEGER_BYTES.containsKey(p.base())) {
            return "integer";
        }
        if (isDecimal(p)) {
            return "decimal";
        }
        if (p.base().equals("float") || p.base().equals("double") || p.base().equals("real")) {
            return "float";
        }
        if (characters(p).isPresent()) {
            return "text";
        }
        if (bytes(p).isPresent()) {
            return "bytes";
        }
        if (isTemporal(p) || p.base().equals("date")) {
            return "time";
        }
        return p.base();
    }

    /** Why {@code to} cannot hold every value of {@code from}, or empty when it can. */
    static Optional<String> narrowing(String from, String to) {
        if (normal(from).equals(normal(to))) {
            return Optional.empty();
        }
        Parsed a = parse(from);
        Parsed b = parse(to);
        if (INTEGER_BYTES.containsKey(a.base()) && INTEGER_BYTES.containsKey(b.base())) {
            int was = INTEGER_BYTES.get(a.base());
            int now = INTEGER_BYTES.get(b.base());
            if (now < was) {
                return Optional.of("a smaller integer");
            }
            if (a.unsigned() && !b.unsigned() && now == was) {
                return Optional.of("signed: the upper half of the unsigned range no longer fits");
            }
            if (!a.unsigned() && b.unsigned()) {
                return Optional.of("unsigned: negative values no longer fit");
            }
            return Optional.empty();
        }
        Optional<Long> charsA = characters(a);
        Optional<Long> charsB = characters(b);
        if (charsA.isPresent() && charsB.isPresent()) {
            return charsB.get() < charsA.get() ? Optional.of("shorter: longer values are cut or refused") : Optional.empty();
        }
        Optional<Long> bytesA = bytes(a);
        Optional<Long> bytesB = bytes(b);
        if (bytesA.isPresent() && bytesB.isPresent()) {
            return bytesB.get() < bytesA.get() ? Optional.of("shorter: longer values are cut or refused") : Optional.empty();
        }
        if (isDecimal(a) && isDecimal(b)) {
            int[] pa = precision(a);
            int[] pb = precision(b);
            if (pb[1] < pa[1]) {
                return Optional.of("fewer decimal places: values are rounded");
            }
            if (pb[0] - pb[1] < pa[0] - pa[1]) {
                return Optional.of("fewer integer digits: larger values no longer fit");
            }
            return Optional.empty();
        }
        if (a.base().equals("double") && b.base().equals("float")) {
            return Optional.of("single precision: values are rounded");
        }
        if (a.base().equals("float") && b.base().equals("double")) {
            return Optional.empty();
        }
        if (isTemporal(a) && a.base().equals(b.base())) {
            return fraction(b) < fraction(a) ? Optional.of("fewer fractional seconds: values are rounded") : Optional.empty();
        }
        if (a.base().equals("date") && (b.base().equals("datetime") || b.base().equals("timestamp"))) {
            return Optional.empty();
        }
        if ((a.base().equals("enum") || a.base().equals("set")) && a.base().equals(b.base())) {
            List<String> missing = new ArrayList<>(a.args());
            missing.removeAll(b.args());
            return missing.isEmpty() ? Optional.empty() : Optional.of("without the value" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
        }
        return Optional.of("another kind of type: values may not convert");
    }

    private static Optional<Long> characters(Parsed p) {
        return switch (p.base()) {
            case "char" -> Optional.of(arg(p, 0, 1));
            case "varchar" -> Optional.of(arg(p, 0, 0));
            default -> Optional.ofNullable(TEXT_CHARS.get(p.base()));
        };
    }

    private static Optional<Long> bytes(Parsed p) {
        return switch (p.base()) {
            case "binary" -> Optional.of(arg(p, 0, 1));
            case "varbinary" -> Optional.of(arg(p, 0, 0));
            default -> Optional.ofNullable(BLOB_BYTES.get(p.base()));
        };
    }

    private static boolean isDecimal(Parsed p) {
        return p.base().equals("decimal") || p.base().equals("numeric") || p.base().equals("dec");
    }

    private static int[] precision(Parsed p) {
        return new int[] {(int) arg(p, 0, 10), (int) arg(p, 1, 0)};
    }

    private static boolean isTemporal(Parsed p) {
        return p.base().equals("datetime") || p.base().equals("timestamp") || p.base().equals("time");
    }

    private static long fraction(Parsed p) {
        return arg(p, 0, 0);
    }

    private static long arg(Parsed p, int i, long otherwise) {
        if (i >= p.args().size()) {
            return otherwise;
        }
        try {
            return Long.parseLong(p.args().get(i).strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Splits at commas outside quotes: {@code 'a','b,c'} → two values. */
    private static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (c == ',') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().strip());
        return out;
    }
}
