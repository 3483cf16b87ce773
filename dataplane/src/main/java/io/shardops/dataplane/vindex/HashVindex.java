package io.shardops.dataplane.vindex;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vitess's {@code hash}: the value as a big-endian unsigned 64-bit integer, encrypted with DES
 * (ECB, no padding) under an all-zero key. Negative integers map as their two's complement, as
 * Vitess does; strings that are integers are accepted.
 */
public record HashVindex() implements Vindex {
    public static final String TYPE = "hash";
    private static final SecretKeySpec ZERO_KEY = new SecretKeySpec(new byte[8], "DES");
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    /**
     * One keyed cipher per thread: looking up a provider and keying DES cost several times the encryption of one
     * block, and a copy or a gateway hashes every row it routes. {@code doFinal} leaves the cipher keyed for the next.
     */
    private static final ThreadLocal<Cipher> DES = ThreadLocal.withInitial(() -> {
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, ZERO_KEY);
            return des;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DES is part of every Java runtime", e);
        }
    });

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public byte[] keyspaceId(Value value) {
        return hash(toUint64(value));
    }

    /** The keyspace id of an unsigned 64-bit integer (held in a long's bits). */
    public static byte[] hash(long uint64) {
        try {
            return DES.get().doFinal(ByteBuffer.allocate(8).putLong(uint64).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DES/ECB/NoPadding of one 8-byte block cannot fail", e);
        }
    }

    private static long toUint64(Value value) {
        BigInteger v = switch (value) {
            case Value.Int i -> i.value();
            case Value.Text t -> parse(new String(t.bytes(), StandardCharsets.UTF_8).trim());
        };
        if (v.signum() < 0) {
            if (v.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) < 0) {
                throw new VindexException("hash vindex: " + v + " is out of the 64-bit range");
            }
            return v.longValue();
        }
        if (v.compareTo(TWO_64) >= 0) {
            throw new VindexException("hash vindex: " + v + " is out of the 64-bit range");
        }
        return v.longValue();
    }

    private static BigInteger parse(String s) {
        try {
            return new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new VindexException("hash vindex: '" + s + "' is not an integer; use binary_md5 or unicode_loose_md5 for strings");
        }
    }
}
