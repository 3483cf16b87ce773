/**
 * MariaDB replication positions (GTIDs), shared by the tablet's replication and a move's streams.
 */
package io.shardops.dataplane.replication;
