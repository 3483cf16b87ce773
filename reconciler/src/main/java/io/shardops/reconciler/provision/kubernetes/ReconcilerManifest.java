package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;

/**
 * The reconciler inside the cluster: one pod following the spec's Git repository and
 * provisioning through the Kubernetes API, allowed (by a Role, not a ClusterRole) to touch
 * only the objects of its own namespace that the provisioner manages.
 */
final class ReconcilerManifest {
    private static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    private final ManifestContext ctx;

    ReconcilerManifest(ManifestContext ctx) {
        this.ctx = ctx;
    }

    /** ServiceAccount, Role, RoleBinding and Deployment; nothing when no Git repository is configured. */
    List<HasMetadata> objects() {
        KubernetesOptions options = ctx.options();
        if (options.gitRepo() == null) {
            return List.of();
        }
        Names names = ctx.names();
        String name = names.reconciler();
        Map<String, String> selector = names.selector(Names.COMPONENT_RECONCILER);
        Map<String, String> labels = names.labels(Names.COMPONENT_RECONCILER);
        var account = new ServiceAccountBuilder().withMetadata(ctx.meta(name, labels)).build();
        var role = new RoleBuilder()
                .withMetadata(ctx.meta(name, labels))
                .addToRules(new PolicyRuleBuilder().withApiGroups("")
                        .withResources("configmaps", "services", "persistentvolumeclaims").withVerbs(VERBS).build())
                .addToRules(new PolicyRuleBuilder().withApiGroups("")
                        .withResources("pods").withVerbs("get", "list", "watch").build())
                .addToRules(new PolicyRuleBuilder().withApiGroups("apps")
                        .withResources("statefulsets", "deployments").withVerbs(VERBS).build())
                .build();
        var binding = new RoleBindingBuilder()
                .withMetadata(ctx.meta(name, labels))
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(ctx.namespace()).endSubject()
                .build();
        var deployment = new DeploymentBuilder()
                .withMetadata(ctx.meta(name, labels))
                .withNewSpec()
                    .withReplicas(1)
                    // two reconcilers would only wait on each other's lock
                    .withNewStrategy().withType("Recreate").endStrategy()
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(name)
                            .addToVolumes(CredentialsSecret.volume(ctx.names()), CredentialsSecret.privateVolume())
                            .addToInitContainers(CredentialsSecret.copy(options.image()))
                            .addNewContainer()
                                .addNewVolumeMount().withName(CredentialsSecret.PRIVATE_VOLUME).withMountPath(CredentialsSecret.DIR)
                                    .withReadOnly(true).endVolumeMount()
                                .withName("reconciler")
                                .withImage(options.image())
                                .withArgs("watch",
                                        "--repo=" + options.gitRepo(),
                                        "--branch=" + options.gitBranch(),
                                        "--path=" + options.gitPath(),
                                        ctx.topoFlag(),
                                        CredentialsSecret.flag(),
                                        // the rest of the options it reads from the root ConfigMap
                                        "--provisioner=kubernetes",
                                        "--namespace=" + ctx.namespace())
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
        return List.of(account, role, binding, deployment);
    }
}
