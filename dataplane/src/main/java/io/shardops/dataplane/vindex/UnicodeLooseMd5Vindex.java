package io.shardops.dataplane.vindex;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * {@code unicode_loose_md5}: the MD5 of a case-, accent- and width-insensitive form of the
 * string, trailing spaces ignored, so values a {@code *_unicode_ci} column treats as equal map to
 * one keyspace id ("Test", "TEST", "Tést" and "Te\u0301st" land together).
 *
 * <p>Vitess hashes the primary collation weights of golang.org/x/text's UCA tables (the
 * DUCET of Unicode 6.2); shardops has no copy of those tables, so it hashes its own loose form
 * instead: NFKD, combining marks removed, case folded, then each character as its UTF-8 bytes.
 * The grouping is the same for Latin text, but the keyspace ids are NOT byte-identical to
 * Vitess's: do not move data sharded by a Vitess unicode_loose_md5 vindex with shardops.
 */
public record UnicodeLooseMd5Vindex() implements Vindex {
    public static final String TYPE = "unicode_loose_md5";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public byte[] keyspaceId(Value value) {
        return BinaryMd5Vindex.md5(normalize(value.bytes()));
    }

    /** The loose form: what the hash is taken of. */
    static byte[] normalize(byte[] utf8) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new VindexException("unicode_loose_md5: cannot normalize a string that is not valid UTF-8");
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        String decomposed = Normalizer.normalize(s.substring(0, end), Normalizer.Form.NFKD);
        StringBuilder sb = new StringBuilder(decomposed.length());
        decomposed.codePoints()
                .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
                .map(cp -> Character.toUpperCase(Character.toLowerCase(cp)))
                .forEach(sb::appendCodePoint);
        return sb.toString().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }
}
