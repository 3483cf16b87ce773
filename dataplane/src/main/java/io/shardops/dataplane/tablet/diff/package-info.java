/**
 * Verify diff: source and target of a data move compared row for row in primary-key order within the
 * target's key range, reporting missing, extra and differing rows by key.
 */
package io.shardops.dataplane.tablet.diff;
