package io.shardops.dataplane.tablet;

/**
 * Where a stream is.
 *
 * @param state       {@code copying}, {@code running} (catching up / following the source), {@code stopped} or {@code error}
 * @param position    the source GTID position applied to this tablet
 * @param rowsCopied  rows written by the snapshot copy
 * @param rowsToCopy  about how many rows the copy writes in all (an estimate from the source's table statistics); 0 when unknown
 * @param lagSeconds  how far behind the source the applied events are; 0 when caught up
 * @param message     the error, when {@code state} is {@code error}
 */
public record StreamStatus(String workflow, String state, String position, long rowsCopied, long rowsToCopy, long lagSeconds, String message) {}
