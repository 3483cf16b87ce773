package io.shardops.dataplane.gateway;

import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import java.util.List;
import java.util.Optional;

/**
 * What the gateway routes by, at one moment: an immutable view of the topology (keyspaces and their
 * VSchemas, served-from rules, SrvKeyspace partitions per tablet type, serving tablets). The
 * reconciler implements it from etcd and hands each new snapshot to {@link GatewayServer#updateRouting};
 * {@link StaticRoutingSnapshot} builds one from values (tests, explain).
 */
public interface RoutingSnapshot {

    /** Keyspace names, in a stable order. */
    List<String> keyspaces();

    /** The keyspace's VSchema (whether it is sharded is {@link VSchema#sharded()}); empty if unknown. */
    Optional<VSchema> vschema(String keyspace);

    /** The keyspace that serves {@code keyspace}'s traffic for a tablet type during a vertical move; empty for itself. */
    Optional<String> servedFrom(String keyspace, TabletType tabletType);

    /** The serving shards for a tablet type (the SrvKeyspace partition), ordered by key range. */
    List<ShardRef> shards(String keyspace, TabletType tabletType);

    /**
     * Every shard of the keyspace, serving or not: what {@code use keyspace/shard} may name. As in Vitess, a
     * shard a reshard is still filling can be read by naming it, before any traffic is switched to it.
     */
    default List<ShardRef> allShards(String keyspace) {
        return shards(keyspace, TabletType.PRIMARY);
    }

    /** Healthy serving tablets of a shard with this type; for {@code PRIMARY}, at most the one primary. */
    List<TabletEndpoint> tablets(String keyspace, String shard, TabletType tabletType);

    /**
     * Whether a move involving {@code keyspace} (any keyspace when null) may switch primary traffic, either
     * way: statements refused because a primary stopped serving for the switch then wait in the gateway's
     * buffer for the new routing.
     */
    default boolean primarySwitchPending(String keyspace) {
        return false;
    }

    /** Every tablet, for {@code show vitess_tablets}: keyspace, shard, type, alias, host, port, serving. */
    default List<TabletRow> allTablets() {
        return List.of();
    }

    /** A row of {@code show vitess_tablets}. */
    record TabletRow(String cell, String keyspace, String shard, TabletType type, String state, String alias, String hostname) {}
}
