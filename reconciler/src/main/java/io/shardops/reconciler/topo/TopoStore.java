package io.shardops.reconciler.topo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The topology store: what the reconciler, tablets and gateways need from etcd, and nothing more.
 * Values are UTF-8 text (JSON in practice); every entry carries etcd's mod revision so a write can
 * depend on what was read.
 *
 * <p>All methods throw {@link TopoException} (unchecked) for the failures a caller can act on:
 * the node exists, the lock is held, etcd is unreachable.
 */
public interface TopoStore extends AutoCloseable {

    /** The value at {@code key}, or empty. */
    Optional<Versioned> get(String key);

    /** Every entry whose key starts with {@code prefix}, in key order, read at one revision. */
    Listing list(String prefix);

    /**
     * The mod revisions of {@code keys} as they are now, read at one revision; a key that does not
     * exist is absent from the map.
     */
    Listing revisionsOf(List<String> keys);

    /** Creates {@code key}; {@link TopoException.Kind#NODE_EXISTS} if it exists. Returns the new entry. */
    Versioned create(String key, String value);

    /**
     * Read-modify-write with compare-and-swap on the key's mod revision, retried when another
     * writer got there first. {@code change} gets the current value (empty when absent) and returns
     * the value wanted: the same value writes nothing, empty deletes, anything else is written.
     * {@code change} may run more than once, so it must not have side effects.
     *
     * @return the entry after the call (empty when it does not exist afterwards)
     */
    Optional<Versioned> update(String key, UnaryOperator<Optional<String>> change);

    /** Writes {@code value} if the key's mod revision is still {@code expectedModRevision} (0: the key must not exist). */
    Optional<Versioned> putIfUnchanged(String key, String value, long expectedModRevision);

    /** Deletes {@code key}; returns whether it existed. */
    boolean delete(String key);

    /** Deletes every key under {@code prefix}; returns how many. */
    long deletePrefix(String prefix);

    /**
     * Calls {@code listener} with every change under {@code prefix} after revision {@code afterRevision}
     * (pass a {@link Listing#revision()} to follow a read without missing or repeating a change), in order,
     * one at a time, on a transport thread: keep the listener short (hand work to your own thread).
     * The last event of a watch that stops by itself is {@link WatchEvent.Ended}. Close the returned watch to stop.
     */
    TopoWatch watch(String prefix, long afterRevision, Consumer<WatchEvent> listener);

    /**
     * Takes the lock {@code key} for {@code holder}, waiting up to {@code wait} if someone holds it.
     * The lock lives on a lease of {@code ttl} kept alive while this process runs, so a crashed holder
     * frees it after {@code ttl}. Fails with {@link TopoException.Kind#LOCK_HELD}, naming the holder.
     */
    TopoLock lock(String key, LockHolder holder, Duration ttl, Duration wait);

    /** Who holds the lock {@code key}, if anyone. */
    Optional<LockHolder> lockHolder(String key);

    /** The store's current revision. */
    long revision();

    /**
     * The names of the clusters that have keys in this store ({@code /shardops/<cluster>/...}), sorted.
     * Reads names, not the clusters' values: listing must stay cheap however much topology a cluster holds.
     */
    List<String> clusters();

    @Override
    void close();
}
