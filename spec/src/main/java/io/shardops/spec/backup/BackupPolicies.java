package io.shardops.spec.backup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The backup policies of a spec: the cluster's ({@code spec.backup}) and each keyspace's override
 * ({@code keyspaces[].backup}), kept apart so the plan can show which level changed.
 *
 * @param cluster   the cluster-wide policy; null when the spec declares none
 * @param keyspaces overrides by keyspace name, in spec order
 */
public record BackupPolicies(BackupPolicy cluster, Map<String, BackupPolicy> keyspaces) {
    public static final BackupPolicies NONE = new BackupPolicies(null, Map.of());

    public BackupPolicies {
        keyspaces = Collections.unmodifiableMap(new LinkedHashMap<>(keyspaces));
    }

    public boolean declared() {
        return cluster != null || !keyspaces.isEmpty();
    }

    /** The policy in force for {@code keyspace}: its override over the cluster's; empty when neither is declared. */
    public Optional<BackupPolicy> forKeyspace(String keyspace) {
        BackupPolicy k = keyspaces.get(keyspace);
        if (cluster == null) {
            return Optional.ofNullable(k);
        }
        return Optional.of(k == null ? cluster : cluster.overriddenBy(k));
    }
}
