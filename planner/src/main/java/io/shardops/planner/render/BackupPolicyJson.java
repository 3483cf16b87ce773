package io.shardops.planner.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardops.planner.topology.BackupPolicyRecord;

/**
 * A resolved backup policy as JSON, the same in a plan's {@code set-backup-policy} step and in a keyspace's topology
 * record: {@code {"location", "credentialsFile", "credentialsSecret", "schedule", "keep", "from"}}.
 */
public final class BackupPolicyJson {
    private BackupPolicyJson() {}

    /** Puts {@code policy} under {@code field} of {@code parent}; JSON null when it is null. */
    public static void put(ObjectNode parent, String field, BackupPolicyRecord policy) {
        if (policy == null) {
            parent.putNull(field);
            return;
        }
        parent.putObject(field).put("location", policy.location()).put("credentialsFile", policy.credentialsFile())
                .put("credentialsSecret", policy.credentialsSecret()).put("schedule", policy.schedule())
                .put("keep", policy.keep()).put("from", policy.from());
    }

    /**
     * The policy in {@code node}; null for a missing node or JSON null. A malformed one is an
     * {@link IllegalArgumentException} saying which field (a plan file reports it as not a valid plan file).
     */
    public static BackupPolicyRecord read(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        JsonNode keep = node.path("keep");
        if (!keep.canConvertToInt() || keep.asInt() < 1) {
            throw new IllegalArgumentException("backup policy: keep must be a whole number of at least 1, got " + keep);
        }
        return new BackupPolicyRecord(text(node, "location"), text(node, "credentialsFile"), text(node, "credentialsSecret"),
                text(node, "schedule"), keep.asInt(), text(node, "from"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("backup policy: field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }
}
