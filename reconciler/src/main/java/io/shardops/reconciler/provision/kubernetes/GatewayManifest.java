package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.shardops.spec.Gateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateways of one cell: a Deployment of {@code replicas} gateway pods behind a Service on
 * the spec's MySQL port. {@code auth: static} mounts the users file from a Secret the user
 * creates (credentials never appear in rendered manifests); {@code tls} mounts the certificate
 * and key from a {@code kubernetes.io/tls} Secret the user creates (or cert-manager issues).
 */
final class GatewayManifest {
    static final String USERS_KEY = "users.json";
    static final String USERS_DIR = "/etc/shardops/auth";
    static final String TLS_DIR = "/etc/shardops/tls";

    private final ManifestContext ctx;

    GatewayManifest(ManifestContext ctx) {
        this.ctx = ctx;
    }

    /** The Service first, then the Deployment, so clients' DNS name exists before the pods. */
    List<HasMetadata> objects(String cell, Gateway gateway) {
        return List.of(service(cell, gateway), deployment(cell, gateway));
    }

    Service service(String cell, Gateway gateway) {
        Names names = ctx.names();
        Map<String, String> selector = names.gatewaySelector(cell);
        return new ServiceBuilder()
                .withMetadata(ctx.meta(names.gateway(cell), names.labels(Names.COMPONENT_GATEWAY, selector)))
                .withNewSpec()
                    .withType(gateway.serviceType())
                    .withSelector(selector)
                    .addNewPort().withName("mysql").withPort(gateway.mysqlPort()).withNewTargetPort("mysql").endPort()
                .endSpec()
                .build();
    }

    Deployment deployment(String cell, Gateway gateway) {
        Names names = ctx.names();
        Map<String, String> selector = names.gatewaySelector(cell);
        Map<String, String> labels = names.labels(Names.COMPONENT_GATEWAY, selector);
        boolean staticAuth = "static".equals(gateway.auth().type());
        List<String> args = new ArrayList<>(List.of("gateway",
                "--cluster=" + names.cluster(),
                "--cell=" + cell,
                ctx.topoFlag(),
                CredentialsSecret.flag(),
                "--mysql-port=" + gateway.mysqlPort(),
                "--auth=" + gateway.auth().type()));
        ContainerBuilder container = CredentialsSecret.mount(new ContainerBuilder())
                .withName("gateway")
                .withImage(ctx.options().image())
                .addNewPort().withName("mysql").withContainerPort(gateway.mysqlPort()).endPort()
                .withNewReadinessProbe()
                    .withNewTcpSocket().withNewPort("mysql").endTcpSocket()
                    .withPeriodSeconds(5)
                .endReadinessProbe()
                .withResources(ManifestContext.resources(ctx.options().gateway()));
        PodSpecBuilder pod = new PodSpecBuilder()
                .addToVolumes(CredentialsSecret.volume(names), CredentialsSecret.privateVolume())
                .addToInitContainers(CredentialsSecret.copy(ctx.options().image()));
        if (staticAuth) {
            args.add("--users-file=" + USERS_DIR + "/" + USERS_KEY);
            container.addNewVolumeMount().withName("users").withMountPath(USERS_DIR).withReadOnly(true).endVolumeMount();
            pod.addNewVolume().withName("users")
                    .withNewSecret().withSecretName(names.gatewayUsersSecret(cell)).endSecret().endVolume();
        }
        if (gateway.tls() != null) {
            args.add("--tls-cert=" + TLS_DIR + "/tls.crt");
            args.add("--tls-key=" + TLS_DIR + "/tls.key");
            if (gateway.tls().required()) {
                args.add("--require-tls");
            }
            container.addNewVolumeMount().withName("tls").withMountPath(TLS_DIR).withReadOnly(true).endVolumeMount();
            pod.addNewVolume().withName("tls")
                    .withNewSecret().withSecretName(names.gatewayTlsSecret(cell)).withDefaultMode(0400).endSecret().endVolume();
        }
        var limits = gateway.limits();
        if (limits.maxConnections() > 0) {
            args.add("--max-connections=" + limits.maxConnections());
        }
        if (limits.loginTimeoutSeconds() > 0) {
            args.add("--login-timeout=" + limits.loginTimeoutSeconds());
        }
        if (limits.idleTimeoutSeconds() > 0) {
            args.add("--idle-timeout=" + limits.idleTimeoutSeconds());
        }
        if (limits.packetMemoryMiB() > 0) {
            args.add("--packet-memory-mib=" + limits.packetMemoryMiB());
        }
        container.withArgs(args);
        pod.addToContainers(container.build());
        return new DeploymentBuilder()
                .withMetadata(ctx.meta(names.gateway(cell), labels))
                .withNewSpec()
                    .withReplicas(gateway.replicas())
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withSpec(pod.build())
                    .endTemplate()
                .endSpec()
                .build();
    }
}
