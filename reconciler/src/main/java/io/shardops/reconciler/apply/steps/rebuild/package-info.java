/**
 * The {@code rebuild-tablet} step (docs/replace.md): a lost tablet replaced by a new one, seeded, caught up with
 * the primary before it serves, then taken off its shard's {@code needs-rebuild} list in the failover record.
 */
package io.shardops.reconciler.apply.steps.rebuild;
