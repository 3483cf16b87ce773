/**
 * What runs a tablet or a gateway from the topology, wherever it runs: a gateway's routing for its cell
 * ({@link io.shardops.reconciler.host.TopologyRouting}) and its settings from the spec ({@link
 * io.shardops.reconciler.host.GatewaySettings}), shared by the local node and the Kubernetes pods.
 */
package io.shardops.reconciler.host;
