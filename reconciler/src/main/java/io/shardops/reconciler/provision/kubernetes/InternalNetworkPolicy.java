package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may reach a cluster's internal ports: MariaDB, the tablet manager and the query port of every
 * tablet pod, and etcd, answer only pods of the same cluster (tablets replicate from each other, gateways
 * query tablets, the reconciler drives them). Clients reach the gateways, which this policy does not select.
 * The accounts' passwords still guard each port; the policy keeps everything else in the namespace out.
 */
final class InternalNetworkPolicy {
    private InternalNetworkPolicy() {}

    static NetworkPolicy of(ManifestContext ctx, int queryPort) {
        Names names = ctx.names();
        // ordered, so every rendering is the same text
        Map<String, String> sameCluster = new LinkedHashMap<>();
        sameCluster.put(Names.LABEL_INSTANCE, names.cluster());
        sameCluster.put(Names.LABEL_PART_OF, "shardops");
        List<Integer> ports = ctx.options().runsEtcd()
                ? List.of(TabletPoolManifest.MYSQL_PORT, TabletPoolManifest.MANAGER_PORT, queryPort, EtcdManifest.CLIENT_PORT, EtcdManifest.PEER_PORT)
                : List.of(TabletPoolManifest.MYSQL_PORT, TabletPoolManifest.MANAGER_PORT, queryPort);
        return new NetworkPolicyBuilder()
                .withMetadata(ctx.meta(names.internalPolicy(), names.labels(Names.COMPONENT_CLUSTER)))
                .withNewSpec()
                    // the tablets and etcd of this cluster (not its gateways, which clients reach)
                    .withNewPodSelector()
                        .addToMatchLabels(Names.LABEL_INSTANCE, names.cluster())
                        .addNewMatchExpression().withKey(Names.LABEL_COMPONENT).withOperator("In")
                            .withValues(Names.COMPONENT_TABLET, Names.COMPONENT_ETCD).endMatchExpression()
                    .endPodSelector()
                    .withPolicyTypes("Ingress")
                    .addNewIngress()
                        .withFrom(new NetworkPolicyPeerBuilder().withNewPodSelector().withMatchLabels(sameCluster).endPodSelector().build())
                        .withPorts(ports.stream().map(p -> new NetworkPolicyPortBuilder().withProtocol("TCP")
                                .withPort(new IntOrString(p)).build()).toList())
                    .endIngress()
                .endSpec()
                .build();
    }
}
