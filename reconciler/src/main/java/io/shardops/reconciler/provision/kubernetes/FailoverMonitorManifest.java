package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.shardops.spec.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The failover monitor as its own pod: {@code shardops failover-monitor} watches every shard's primary and
 * replaces one that is gone (docs/ha.md). One replica, replaced with {@code Recreate}: two monitors would be safe
 * (each emergency reparent takes the shard's lock in etcd and re-reads under it), but one is all that is needed.
 * With a backup policy it also runs the backup schedule and the binlog archive ({@link BackupPolicyConfig}).
 *
 * <p>Least privilege: no service account token (it talks to etcd and the tablets' managers, never to the API
 * server), non-root, read-only root file system, no capabilities, the credentials as every pod of the cluster
 * gets them ({@link CredentialsSecret}), and a NetworkPolicy that lets nothing reach it
 * (it serves nothing). Its own labels make it a pod of the cluster, which {@link InternalNetworkPolicy} lets reach
 * etcd, the tablets' managers and MariaDB (the binlog archive follows each primary).
 */
final class FailoverMonitorManifest {
    /** The image's user ({@code Dockerfile}): a uid of its own, no shell account. */
    static final long RUN_AS = 10001L;

    private final ManifestContext ctx;

    FailoverMonitorManifest(ManifestContext ctx) {
        this.ctx = ctx;
    }

    /** The Deployment, the NetworkPolicy that keeps its pod closed, and the backup policy's ConfigMap when there is one. */
    List<HasMetadata> objects(Cluster cluster) {
        Names names = ctx.names();
        String name = names.failoverMonitor();
        Map<String, String> selector = names.selector(Names.COMPONENT_FAILOVER_MONITOR);
        Map<String, String> labels = names.labels(Names.COMPONENT_FAILOVER_MONITOR);
        BackupPolicyConfig backups = BackupPolicyConfig.of(cluster);
        List<String> args = new ArrayList<>(List.of("failover-monitor",
                "--cluster=" + names.cluster(),
                ctx.topoFlag(),
                CredentialsSecret.flag()));
        PodSpecBuilder pod = new PodSpecBuilder()
                // it never calls the Kubernetes API
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext()
                    .withRunAsNonRoot(true).withRunAsUser(RUN_AS).withRunAsGroup(RUN_AS)
                    // the backup credentials' Secret files become readable by this group (mode 0440)
                    .withFsGroup(RUN_AS)
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addToVolumes(CredentialsSecret.volume(names), CredentialsSecret.privateVolume())
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .addToInitContainers(CredentialsSecret.copy(ctx.options().image()));
        ContainerBuilder container = CredentialsSecret.mount(new ContainerBuilder().withName("failover-monitor")
                .withImage(ctx.options().image())
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext())
                // the JVM's and the S3 client's scratch files
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .withNewResources()
                    .addToRequests("cpu", new Quantity("100m"))
                    .addToRequests("memory", new Quantity("256Mi"))
                    .addToLimits("memory", new Quantity("512Mi"))
                .endResources();
        if (backups.declared()) {
            args.add("--backup-policy=" + BackupPolicyConfig.DIR);
            backups.mount(names, pod, container);
        }
        pod.addToContainers(container.withArgs(args).build());
        var deployment = new DeploymentBuilder()
                .withMetadata(ctx.meta(name, labels))
                .withNewSpec()
                    .withReplicas(1)
                    .withNewStrategy().withType("Recreate").endStrategy()
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withSpec(pod.build())
                    .endTemplate()
                .endSpec()
                .build();
        var closed = new NetworkPolicyBuilder()
                .withMetadata(ctx.meta(name, labels))
                .withNewSpec()
                    .withNewPodSelector().withMatchLabels(selector).endPodSelector()
                    // Ingress with no rule: nothing may connect to the monitor; it only connects out
                    .withPolicyTypes("Ingress")
                .endSpec()
                .build();
        List<HasMetadata> objects = new ArrayList<>();
        backups.configMap(ctx).ifPresent(objects::add);
        objects.add(closed);
        objects.add(deployment);
        return objects;
    }
}
