package io.shardops.reconciler.provision;

/** A host and port a client connects to. */
public record Endpoint(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
