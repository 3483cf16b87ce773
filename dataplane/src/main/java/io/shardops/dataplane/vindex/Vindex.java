package io.shardops.dataplane.vindex;

import java.util.Optional;

/**
 * A primary vindex: maps a column value to a keyspace id, identical to the Vitess vindex of the same
 * type, so rows land on the shards Vitess would put them on.
 */
public sealed interface Vindex permits HashVindex, BinaryMd5Vindex, UnicodeLooseMd5Vindex, BinaryVindex {

    /** The VSchema type name. */
    String type();

    /**
     * The keyspace id of {@code value}.
     *
     * @throws VindexException when the value cannot be mapped (e.g. a string for {@code hash})
     */
    byte[] keyspaceId(Value value);

    /** The vindex for a VSchema type, if shardops knows it. */
    static Optional<Vindex> forType(String type) {
        return Optional.ofNullable(switch (type) {
            case HashVindex.TYPE -> new HashVindex();
            case BinaryMd5Vindex.TYPE -> new BinaryMd5Vindex();
            case UnicodeLooseMd5Vindex.TYPE -> new UnicodeLooseMd5Vindex();
            case BinaryVindex.TYPE -> new BinaryVindex();
            default -> null;
        });
    }
}
