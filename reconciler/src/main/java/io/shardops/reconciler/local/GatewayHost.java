package io.shardops.reconciler.local;

import io.vertx.core.Vertx;

/** Runs the gateways of the node on its Vert.x instance, routing from the topology. */
final class GatewayHost implements GatewayPool.Runner {
    private final Vertx vertx;
    private final NodeTopology topology;

    GatewayHost(Vertx vertx, NodeTopology topology) {
        this.vertx = vertx;
        this.topology = topology;
    }

    @Override
    public GatewayPool.RunningGateway start(String cell, int port, NodeApi.EnsureGateways config) throws Exception {
        throw new UnsupportedOperationException("the gateway is not built yet");
    }
}
