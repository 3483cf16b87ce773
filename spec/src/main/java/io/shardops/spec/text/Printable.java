package io.shardops.spec.text;

/**
 * Text from a spec, a commit or a database made safe to print on a terminal or in a log. A spec is
 * input from whoever opened the pull request: a raw ESC in a name would let it recolour, move the
 * cursor, retitle the terminal or hide lines of an error or a plan. Every control character (C0,
 * DEL, C1) and every bidirectional override is written as an escape a reader can see, e.g.
 * {@code \x1b} or {@code \u202e}; other characters, including non-ASCII letters, pass unchanged.
 */
public final class Printable {
    /** Characters of a spec's own text any message quotes at most (an excerpt, never a whole file). */
    public static final int MAX_EXCERPT = 40;

    private Printable() {}

    /** {@code text} with every control character escaped; null stays null. */
    public static String escape(String text) {
        if (text == null || isClean(text)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                b.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** As {@link #escape} but keeps line breaks: for multi-line output such as a rendered plan. */
    public static String escapeLines(String text) {
        if (text == null || isClean(text)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (String line : text.split("\n", -1)) {
            if (!b.isEmpty()) {
                b.append('\n');
            }
            b.append(escape(line));
        }
        return b.toString();
    }

    /**
     * At most {@link #MAX_EXCERPT} characters of {@code text}, on one line, escaped: what an error may
     * quote of a spec's own file (a token near a syntax error), so a message never becomes a copy of it.
     */
    public static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String s = text.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl).strip() + "...";
        }
        if (s.length() > MAX_EXCERPT) {
            s = s.substring(0, MAX_EXCERPT - 3) + "...";
        }
        return escape(s);
    }

    private static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnsafe(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isUnsafe(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) // bidirectional embeddings, overrides, isolates
                || c == 0x200e || c == 0x200f || c == 0x061c;                   // direction marks
    }
}
