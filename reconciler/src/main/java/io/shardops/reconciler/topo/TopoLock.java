package io.shardops.reconciler.topo;

/** A held lock. Closing it releases it; {@link #isHeld} turns false if its lease was lost. */
public interface TopoLock extends AutoCloseable {
    String key();

    LockHolder holder();

    /** False once the lease expired (e.g. this process was paused longer than the TTL) or the lock was released. */
    boolean isHeld();

    @Override
    void close();
}
