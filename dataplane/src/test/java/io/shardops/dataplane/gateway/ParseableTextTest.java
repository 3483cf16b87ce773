package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.shardops.dataplane.mysql.StatementText;
import org.junit.jupiter.api.Test;

class ParseableTextTest {
    @Test
    void binaryLiteralsBecomeHexOfTheirExactBytes() {
        String sql = StatementText.of(new byte[] {'s', 'e', 'l', 'e', 'c', 't', ' ', '\'', (byte) 0xff, '\\', '0', '\\', '\'', (byte) 0x80, '\''});
        assertEquals("select X'ff002780'", ParseableText.of(sql));
        assertEquals("insert into t values (1, X'6162')", ParseableText.of("insert into t values (1, _binary'ab')"));
        assertEquals("insert into t values (1, X'6162')", ParseableText.of("insert into t values (1, _binary 'ab')"));
    }

    @Test
    void textAndWhatIsNotALiteralStayAsWritten() {
        String utf8 = StatementText.ofUnicode("select 'héllo 😀', `_binary'x'`, 'it\\'s' -- _binary'x'");
        assertSame(utf8, ParseableText.of(utf8));
        String latin1Comment = StatementText.of(new byte[] {'s', 'e', 'l', 'e', 'c', 't', ' ', '1', ' ', '#', (byte) 0xff});
        assertSame(latin1Comment, ParseableText.of(latin1Comment));
        assertEquals("select @a_binary", ParseableText.of("select @a_binary"));
    }
}
