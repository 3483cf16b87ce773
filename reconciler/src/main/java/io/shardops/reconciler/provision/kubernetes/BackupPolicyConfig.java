package io.shardops.reconciler.provision.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.shardops.reconciler.backup.AppliedBackupPolicy;
import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.backup.BackupPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Map;
import java.util.TreeSet;

/**
 * The spec's backup policy for the pod that runs the schedule and the binlog archive (the failover monitor's): the
 * policy resolved per keyspace, in the form a local cluster keeps in its state dir ({@link AppliedBackupPolicy}), as
 * a ConfigMap mounted at {@link #DIR}; and each Secret the policy names mounted as an AWS credentials file, the path
 * the policy's entries point at. Keyspaces without a policy are left out: on Kubernetes there is no default location.
 *
 * @param policy the keyspaces with a policy; empty when the spec declares none
 */
record BackupPolicyConfig(AppliedBackupPolicy policy) {
    static final String DIR = "/etc/shardops/backup-policy";
    static final String VOLUME = "backup-policy";
    static final String CREDENTIALS_DIR = "/etc/shardops/backup-credentials";
    /** The key of a backup credentials Secret: an AWS credentials file. */
    static final String CREDENTIALS_KEY = "credentials";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static BackupPolicyConfig of(Cluster cluster) {
        // the local cluster's resolution, with no default location: a keyspace without one is left out
        AppliedBackupPolicy resolved = AppliedBackupPolicy.of(cluster, Path.of("/"));
        Map<String, AppliedBackupPolicy.Entry> entries = new LinkedHashMap<>();
        for (Keyspace k : cluster.keyspaces()) {
            if (cluster.backups().forKeyspace(k.name()).map(BackupPolicy::location).isEmpty()) {
                continue;
            }
            AppliedBackupPolicy.Entry e = resolved.keyspace(k.name()).orElseThrow();
            String secret = e.credentialsSecret();
            entries.put(k.name(), new AppliedBackupPolicy.Entry(e.location(), secret.isEmpty() ? "" : credentialsFile(secret),
                    secret, e.keep(), e.from(), e.schedule()));
        }
        return new BackupPolicyConfig(new AppliedBackupPolicy(entries));
    }

    static String credentialsFile(String secret) {
        return CREDENTIALS_DIR + "/" + secret + "/" + CREDENTIALS_KEY;
    }

    boolean declared() {
        return !policy.keyspaces().isEmpty();
    }

    Optional<ConfigMap> configMap(ManifestContext ctx) {
        if (!declared()) {
            return Optional.empty();
        }
        String json;
        try {
            json = JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the backup policy", e);
        }
        return Optional.of(new ConfigMapBuilder()
                .withMetadata(ctx.meta(ctx.names().backupPolicy(), ctx.names().labels(Names.COMPONENT_FAILOVER_MONITOR)))
                .addToData(AppliedBackupPolicy.FILE, json + "\n")
                .build());
    }

    /** The policy's ConfigMap and every Secret it names, read-only, into {@code container} of {@code pod}. */
    void mount(Names names, PodSpecBuilder pod, ContainerBuilder container) {
        pod.addNewVolume().withName(VOLUME).withNewConfigMap().withName(names.backupPolicy()).endConfigMap().endVolume();
        container.addNewVolumeMount().withName(VOLUME).withMountPath(DIR).withReadOnly(true).endVolumeMount();
        TreeSet<String> secrets = new TreeSet<>();
        policy.keyspaces().values().forEach(e -> {
            if (!e.credentialsSecret().isEmpty()) {
                secrets.add(e.credentialsSecret());
            }
        });
        int i = 0;
        for (String secret : secrets) {
            String volume = "backup-credentials-" + i++;
            pod.addNewVolume().withName(volume)
                    .withNewSecret().withSecretName(secret).withDefaultMode(0440).endSecret().endVolume();
            container.addNewVolumeMount().withName(volume).withMountPath(CREDENTIALS_DIR + "/" + secret).withReadOnly(true).endVolumeMount();
        }
    }
}
