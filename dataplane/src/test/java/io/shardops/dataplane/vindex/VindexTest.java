package io.shardops.dataplane.vindex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.key.KeyRange;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VindexTest {
    static final HexFormat HEX = HexFormat.of();
    final Vindex hash = Vindex.forType("hash").orElseThrow();

    String hex(Vindex v, Value value) {
        return HEX.formatHex(v.keyspaceId(value));
    }

    @Test
    void hashMatchesVitessVectors() {
        // Vitess go/vt/vtgate/vindexes/hash_test.go and FACTS.md
        assertEquals("166b40b44aba4bd6", hex(hash, Value.of(1)));
        assertEquals("06e7ea22ce92708f", hex(hash, Value.of(2)));
        assertEquals("4eb190c9a2fa169c", hex(hash, Value.of(3)));
        assertEquals("d2fd8867d50d2dfe", hex(hash, Value.of(4)));
        assertEquals("70bb023c810ca87a", hex(hash, Value.of(5)));
        assertEquals("166b40b44aba4bd6", hex(hash, Value.of("1")), "numeric strings hash as numbers");
        assertThrows(VindexException.class, () -> hash.keyspaceId(Value.of("abc")));
    }

    @Test
    void tutorialCustomersLandOnTheReferenceShards() {
        KeyRange low = KeyRange.parse("-80").orElseThrow();
        KeyRange high = KeyRange.parse("80-").orElseThrow();
        for (long id : new long[] {1, 2, 3, 5}) {
            assertTrue(low.contains(hash.keyspaceId(Value.of(id))), "customer " + id + " on -80");
        }
        assertTrue(high.contains(hash.keyspaceId(Value.of(4))), "customer 4 on 80-");
    }

    @Test
    void binaryMd5MatchesVitessVectors() {
        Vindex v = Vindex.forType("binary_md5").orElseThrow();
        // binarymd5_test.go: "Test" -> "\f\xbcf\x11\xf5T\vЀ\x9a8\x8d\xc9Za[" ; "TEST" -> "\x03;\xd9K\x11h\xd7\xe4\xf0\xd6D\xc3\xc9^5\xbf"
        assertEquals("0cbc6611f5540bd0809a388dc95a615b", hex(v, Value.of("Test")));
        assertEquals("033bd94b1168d7e4f0d644c3c95e35bf", hex(v, Value.of("TEST")));
    }

    @Test
    void binaryIsTheValueItself() {
        Vindex v = Vindex.forType("binary").orElseThrow();
        assertArrayEquals("\u0001\u0002abc".getBytes(StandardCharsets.UTF_8), v.keyspaceId(Value.of("\u0001\u0002abc")));
        assertEquals("3132", hex(v, Value.of(12)));
    }

    @Test
    void unicodeLooseMd5GroupsWhatVitessGroups() {
        Vindex v = Vindex.forType("unicode_loose_md5").orElseThrow();
        // the equivalence classes of Vitess's unicodeloosemd5_test.go vectors
        String test = hex(v, Value.of("Test"));
        assertEquals(test, hex(v, Value.of("TEST")));
        assertEquals(test, hex(v, Value.of("Te\u0301st")));
        assertEquals(test, hex(v, Value.of("Tést")));
        assertEquals(test, hex(v, Value.of("Test ")));
        assertFalse(test.equals(hex(v, Value.of(" Test"))));
        assertFalse(test.equals(hex(v, Value.of("Test\t"))));
        assertFalse(test.equals(hex(v, Value.of("Bést"))));
        assertThrows(VindexException.class, () -> v.keyspaceId(new Value.Text(new byte[] {(byte) 0x99, (byte) 0xeb})));
    }

    @Test
    void unknownTypesAreEmpty() {
        assertTrue(Vindex.forType("lookup_hash").isEmpty());
    }
}
