package io.shardops.planner.topology;

import io.shardops.spec.TabletType;

/**
 * One entry of a keyspace's served-from list: queries of this tablet type to the keyspace go to
 * {@code keyspace} instead, as in Vitess's {@code CreateKeyspace -served_from}.
 */
public record ServedFrom(TabletType tabletType, String keyspace) {}
