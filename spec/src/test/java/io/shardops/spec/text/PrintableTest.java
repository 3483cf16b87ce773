package io.shardops.spec.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void controlCharactersArePrintedAsEscapes() {
        assertEquals("a\\x1b[2Jb\\x07c\\x7fd\\x9be\\u202ef", Printable.escape("a\u001b[2Jb\u0007c\u007fd\u009be\u202ef"));
        assertEquals("démo ok", Printable.escape("démo ok"));
    }

    @Test
    void aRenderedProblemHoldsNoRawControlCharacterAnywhere() {
        Problem p = Problem.at(new SourceLocation("spec\u001b.yaml", 3, 4), "x", "name '\u001b]0;title\u0007' is bad", "fix \u009b31m");
        String out = p.render();
        assertEquals("spec\\x1b.yaml:3:4: error: name '\\x1b]0;title\\x07' is bad\n    hint: fix \\x9b31m", out);
        assertTrue(out.chars().noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7f || c >= 0x80 && c <= 0x9f));
    }

    @Test
    void anExcerptIsShortAndOneLine() {
        String e = Printable.excerpt("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin");
        assertTrue(e.length() <= Printable.MAX_EXCERPT, e);
        assertTrue(!e.contains("daemon"), e);
    }
}
