package io.shardops.dataplane.vindex;

/** Vitess's {@code binary}: the value's bytes are the keyspace id. */
public record BinaryVindex() implements Vindex {
    public static final String TYPE = "binary";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public byte[] keyspaceId(Value value) {
        return value.bytes();
    }
}
