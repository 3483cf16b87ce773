package io.shardops.reconciler.provision.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.shardops.dataplane.credentials.ClusterCredentials;
import java.util.Map;

/**
 * The cluster's credentials on Kubernetes: one Secret, created once with random values by the provisioner
 * (never replaced: replacing it would lock the running pods out), mounted read-only as a file into the
 * tablets, gateways and reconciler, which read it with {@code --credentials}. The MariaDB sidecar takes
 * its root password from the same Secret.
 */
final class CredentialsSecret {
    static final String VOLUME = "credentials";
    static final String DIR = "/etc/shardops/credentials";
    static final String FILE_KEY = "credentials.json";
    static final String ADMIN_PASSWORD_KEY = "mysql-admin-password";
    /** Read-only for the owner: the file is a secret. */
    private static final int FILE_MODE = 0400;
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

    static Volume volume(Names names) {
        return new VolumeBuilder().withName(VOLUME)
                .withNewSecret().withSecretName(names.credentialsSecret()).withDefaultMode(FILE_MODE).endSecret()
                .build();
    }

    static ContainerBuilder mount(ContainerBuilder container) {
        return container.addNewVolumeMount().withName(VOLUME).withMountPath(DIR).withReadOnly(true).endVolumeMount();
    }

    /** {@code name} set from the Secret's MariaDB admin password (the sidecar's root and the tablet's --mysql-password). */
    static EnvVar adminPasswordEnv(Names names, String name) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(names.credentialsSecret()).withKey(ADMIN_PASSWORD_KEY).endSecretKeyRef().endValueFrom().build();
    }
}
