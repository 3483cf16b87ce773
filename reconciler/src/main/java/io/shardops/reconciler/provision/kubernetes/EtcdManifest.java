package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;

/**
 * The topology server when it runs inside the namespace: a one-member etcd StatefulSet with its
 * own volume, behind a headless Service. (The reference runs one etcd on minikube too; point
 * {@link KubernetesOptions#etcdEndpoints()} at an existing cluster for more.)
 */
final class EtcdManifest {
    static final int CLIENT_PORT = 2379;
    static final int PEER_PORT = 2380;

    private final ManifestContext ctx;

    EtcdManifest(ManifestContext ctx) {
        this.ctx = ctx;
    }

    /** The Service and the StatefulSet, or nothing when etcd is external. */
    List<HasMetadata> objects() {
        if (!ctx.options().runsEtcd()) {
            return List.of();
        }
        Names names = ctx.names();
        String name = names.etcd();
        Map<String, String> selector = names.selector(Names.COMPONENT_ETCD);
        Map<String, String> labels = names.labels(Names.COMPONENT_ETCD);
        String peerHost = "$(POD_NAME)." + name + "." + ctx.namespace() + ".svc";
        var service = new ServiceBuilder()
                .withMetadata(ctx.meta(name, labels))
                .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(selector)
                    .addNewPort().withName("client").withPort(CLIENT_PORT).withNewTargetPort("client").endPort()
                    .addNewPort().withName("peer").withPort(PEER_PORT).withNewTargetPort("peer").endPort()
                .endSpec()
                .build();
        var statefulSet = new StatefulSetBuilder()
                .withMetadata(ctx.meta(name, labels))
                .withNewSpec()
                    .withReplicas(1)
                    .withServiceName(name)
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .addNewContainer()
                                .withName("etcd")
                                .withImage(ctx.options().etcdImage())
                                .withCommand("etcd")
                                .withArgs("--name=$(POD_NAME)",
                                        "--data-dir=/var/lib/etcd",
                                        "--listen-client-urls=http://0.0.0.0:" + CLIENT_PORT,
                                        "--advertise-client-urls=http://" + peerHost + ":" + CLIENT_PORT,
                                        "--listen-peer-urls=http://0.0.0.0:" + PEER_PORT,
                                        "--initial-advertise-peer-urls=http://" + peerHost + ":" + PEER_PORT,
                                        "--initial-cluster=" + name + "-0=http://" + name + "-0." + name + "."
                                                + ctx.namespace() + ".svc:" + PEER_PORT)
                                .withEnv(ManifestContext.fieldEnv("POD_NAME", "metadata.name"))
                                .addNewPort().withName("client").withContainerPort(CLIENT_PORT).endPort()
                                .addNewPort().withName("peer").withContainerPort(PEER_PORT).endPort()
                                .withNewReadinessProbe()
                                    .withNewHttpGet().withPath("/health").withNewPort("client").endHttpGet()
                                    .withPeriodSeconds(5)
                                .endReadinessProbe()
                                .addNewVolumeMount().withName("data").withMountPath("/var/lib/etcd").endVolumeMount()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                    .addNewVolumeClaimTemplate()
                        .withNewMetadata().withName("data").withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                        .endSpec()
                    .endVolumeClaimTemplate()
                .endSpec()
                .build();
        return List.of(service, statefulSet);
    }
}
