package io.shardops.dataplane.vindex;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Vitess's {@code binary_md5}: the MD5 of the value's bytes, for VARBINARY columns. */
public record BinaryMd5Vindex() implements Vindex {
    public static final String TYPE = "binary_md5";
    /** One digest per thread: the provider lookup of {@code getInstance} costs more than hashing a short key. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    });

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public byte[] keyspaceId(Value value) {
        return md5(value.bytes());
    }

    static byte[] md5(byte[] in) {
        return MD5.get().digest(in);
    }
}
