package io.shardops.reconciler.topo;

/** A running watch; close to stop it. */
public interface TopoWatch extends AutoCloseable {
    @Override
    void close();
}
