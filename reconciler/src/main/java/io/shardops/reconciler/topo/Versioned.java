package io.shardops.reconciler.topo;

/**
 * One entry of the store.
 *
 * @param modRevision    the revision of the last write to the key
 * @param createRevision the revision that created it (since its last deletion)
 */
public record Versioned(String key, String value, long modRevision, long createRevision) {}
