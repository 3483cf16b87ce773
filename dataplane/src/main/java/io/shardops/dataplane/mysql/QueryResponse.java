package io.shardops.dataplane.mysql;

/** One decoded result of a statement: an OK or a result set. */
public sealed interface QueryResponse permits OkPacket, ResultSet {}
