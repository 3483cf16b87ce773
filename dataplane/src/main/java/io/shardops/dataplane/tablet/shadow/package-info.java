/**
 * The tablet's side of an online schema change: asking MariaDB which algorithm it accepts for an ALTER, the shadow
 * table, the atomic swap and the checksum that verifies it. The copy and the binlog follow are the streams'
 * ({@code dataplane.tablet.copy}); the order of it all is the reconciler's.
 */
package io.shardops.dataplane.tablet.shadow;
