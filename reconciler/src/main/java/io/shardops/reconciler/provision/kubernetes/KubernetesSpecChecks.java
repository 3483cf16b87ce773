package io.shardops.reconciler.provision.kubernetes;

import io.shardops.spec.Cluster;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Problem;
import io.shardops.spec.backup.BackupCredentials;
import io.shardops.spec.backup.BackupPolicy;
import io.shardops.spec.validate.SpecLocations;
import java.util.ArrayList;
import java.util.List;

/**
 * What a valid spec may not say when it runs on Kubernetes, at the line that says it. A backup location that is a
 * local directory would be a folder inside one pod's container, gone with the pod, and a credentials file a path no
 * pod has: on Kubernetes backups go to {@code s3://} with credentials from a Secret.
 */
public final class KubernetesSpecChecks {
    private KubernetesSpecChecks() {}

    /** Every such problem of {@code cluster}, in spec order (the cluster's policy first); empty when it can run there. */
    public static List<Problem> problems(Cluster cluster) {
        List<Problem> problems = new ArrayList<>();
        backup(cluster, cluster.backups().cluster(), "backup", "spec.backup", problems);
        for (int i = 0; i < cluster.keyspaces().size(); i++) {
            Keyspace k = cluster.keyspaces().get(i);
            backup(cluster, cluster.backups().keyspaces().get(k.name()), SpecLocations.keyspace(i, "backup"),
                    "keyspace " + k.name() + "'s backup", problems);
        }
        return problems;
    }

    private static void backup(Cluster cluster, BackupPolicy policy, String key, String where, List<Problem> problems) {
        if (policy == null) {
            return;
        }
        if (policy.location() != null && policy.location().startsWith("/")) {
            problems.add(Problem.at(cluster.positions().get(key + "/location"), "kubernetes.backup-location",
                    where + " location '" + policy.location() + "' is a local directory, which on Kubernetes would be a folder"
                            + " inside one pod, lost with it",
                    "use an S3 location (s3://bucket/prefix, or an S3-compatible store such as MinIO) with credentials: {secret: NAME}"));
        }
        if (policy.credentials() instanceof BackupCredentials.File f) {
            problems.add(Problem.at(cluster.positions().get(key + "/credentials/file", key + "/location"), "kubernetes.backup-credentials",
                    where + " credentials file '" + f.path() + "' is a path on a host; on Kubernetes no pod has it",
                    "put the AWS-format credentials in a Secret (kubectl create secret generic NAME --from-file=credentials=FILE)"
                            + " and write credentials: {secret: NAME}"));
        }
    }
}
