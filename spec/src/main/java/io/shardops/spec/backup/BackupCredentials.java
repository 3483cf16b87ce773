package io.shardops.spec.backup;

/** Where a backup location's credentials come from. The spec names the source; it never holds a key. */
public sealed interface BackupCredentials {
    /** No credentials: a local directory, or an S3 client's own environment. */
    record None() implements BackupCredentials {}

    /** A file on the hosts that run the tablets (and the reconciler). */
    record File(String path) implements BackupCredentials {}

    /** A Kubernetes Secret in the cluster's namespace, mounted into the tablet pods. */
    record KubernetesSecret(String name) implements BackupCredentials {}
}
