package io.shardops.reconciler.topo;

/**
 * A change seen by a {@link TopoStore#watch}: a key written or deleted, or the end of the watch
 * (the store went away, or history before the requested revision was compacted) after which the
 * watcher must read again and start a new watch.
 */
public sealed interface WatchEvent {
    long revision();

    record Put(String key, String value, long revision) implements WatchEvent {}

    record Delete(String key, long revision) implements WatchEvent {}

    /** The watch stopped; {@code reason} says why. No event follows. */
    record Ended(String reason, long revision) implements WatchEvent {}
}
