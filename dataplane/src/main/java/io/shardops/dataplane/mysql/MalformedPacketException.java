package io.shardops.dataplane.mysql;

/** A packet that does not follow the protocol; ends the one connection it came from. */
public final class MalformedPacketException extends RuntimeException {
    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
