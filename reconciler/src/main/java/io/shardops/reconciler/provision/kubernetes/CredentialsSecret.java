package io.shardops.reconciler.provision.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.shardops.dataplane.credentials.ClusterCredentials;
import java.util.Map;

/**
 * The cluster's credentials on Kubernetes: one Secret, created once with random values by the provisioner
 * (never replaced: replacing it would lock the running pods out). The MariaDB sidecar takes its root password
 * from it. shardops reads a credentials file only when it is a plain file that only its user can read, and a
 * Secret volume's files are symbolic links owned by root: so an init container ({@link #copy}) copies the file,
 * owner-only, into a memory-backed volume of the pod ({@link #privateVolume}), where the tablets, gateways,
 * reconciler and failover monitor read it with {@code --credentials}. Only that init container mounts the Secret.
 */
final class CredentialsSecret {
    static final String VOLUME = "credentials";
    /** Where the init container sees the Secret. */
    static final String SECRET_DIR = "/etc/shardops/credentials-secret";
    static final String PRIVATE_VOLUME = "credentials-private";
    /** Where the pod's containers read their copy. */
    static final String DIR = "/run/shardops";
    static final String FILE_KEY = "credentials.json";
    static final String ADMIN_PASSWORD_KEY = "mysql-admin-password";
    /**
     * Readable by the init container's user, whatever uid the image gives it (Kubernetes makes the files root's);
     * no other container of the pod mounts the volume, and the copy is owner-only.
     */
    private static final int FILE_MODE = 0444;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CredentialsSecret() {}

    /** The flag every shardops container of the cluster gets. */
    static String flag() {
        return "--credentials=" + DIR + "/" + FILE_KEY;
    }

    static Secret secret(ManifestContext ctx, ClusterCredentials credentials) {
        String json;
        try {
            json = JSON.writeValueAsString(credentials);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the cluster's credentials", e);
        }
        return new SecretBuilder()
                .withMetadata(ctx.meta(ctx.names().credentialsSecret(), ctx.names().labels(Names.COMPONENT_CLUSTER)))
                .withType("Opaque")
                .withStringData(Map.of(FILE_KEY, json, ADMIN_PASSWORD_KEY, credentials.mysql().adminPassword()))
                .build();
    }

    /** The Secret, for the init container only. */
    static Volume volume(Names names) {
        return new VolumeBuilder().withName(VOLUME)
                .withNewSecret().withSecretName(names.credentialsSecret()).withDefaultMode(FILE_MODE).endSecret()
                .build();
    }

    /** The pod's memory-backed volume that holds the owner-only copy. */
    static Volume privateVolume() {
        return new VolumeBuilder().withName(PRIVATE_VOLUME).withNewEmptyDir().withMedium("Memory").endEmptyDir().build();
    }

    /** A shardops container reads the copy, read-only. */
    static ContainerBuilder mount(ContainerBuilder container) {
        return container.addNewVolumeMount().withName(PRIVATE_VOLUME).withMountPath(DIR).withReadOnly(true).endVolumeMount();
    }

    /** The init container that makes the copy, as the image's user, before the pod's containers start. */
    static Container copy(String image) {
        return copy(image, null);
    }

    /** The same, as {@code runAsUser} (and its group): the user of the container that reads the copy. */
    static Container copy(String image, Long runAsUser) {
        return new ContainerBuilder().withName("credentials")
                .withImage(image)
                .withCommand("sh", "-c", "umask 077 && cat " + SECRET_DIR + "/" + FILE_KEY + " > " + DIR + "/" + FILE_KEY)
                .withNewSecurityContext()
                    .withRunAsUser(runAsUser).withRunAsGroup(runAsUser)
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName(VOLUME).withMountPath(SECRET_DIR).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName(PRIVATE_VOLUME).withMountPath(DIR).endVolumeMount()
                .withNewResources()
                    .addToRequests("cpu", new Quantity("10m"))
                    .addToRequests("memory", new Quantity("16Mi"))
                    .addToLimits("memory", new Quantity("64Mi"))
                .endResources()
                .build();
    }

    /** {@code name} set from the Secret's MariaDB admin password (the sidecar's root and the tablet's --mysql-password). */
    static EnvVar adminPasswordEnv(Names names, String name) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(names.credentialsSecret()).withKey(ADMIN_PASSWORD_KEY).endSecretKeyRef().endValueFrom().build();
    }
}
