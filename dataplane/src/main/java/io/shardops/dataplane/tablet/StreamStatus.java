package io.shardops.dataplane.tablet;

import io.shardops.dataplane.tablet.copy.StreamState;

/**
 * Where a stream is.
 *
 * @param position    the source GTID position applied to this tablet
 * @param rowsCopied  rows written by the snapshot copy
 * @param rowsToCopy  about how many rows the copy writes in all (an estimate from the source's table statistics); 0 when unknown
 * @param lagSeconds  how far behind the source the applied events are; 0 when caught up
 * @param message     the error, when {@code state} is {@link StreamState#ERROR}
 */
public record StreamStatus(String workflow, StreamState state, String position, long rowsCopied, long rowsToCopy, long lagSeconds, String message) {}
