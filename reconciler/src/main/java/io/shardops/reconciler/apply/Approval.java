package io.shardops.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Someone's go-ahead for one gated step of one run ({@code reconciler/approvals/<run>/<step>}).
 * JSON: {@code {"runId","step","gate","by","at"}}; {@code gate} is the policy word that gated the
 * step ({@code switch-primary}, {@code destroy}), kept so a reader sees what was approved.
 */
public record Approval(String runId, int step, String gate, String by, String at) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("runId", runId);
        o.put("step", step);
        o.put("gate", gate);
        o.put("by", by);
        o.put("at", at);
        return o.toString();
    }

    public static Approval fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return new Approval(n.path("runId").asText(), n.path("step").asInt(), n.path("gate").asText(""),
                    n.path("by").asText(""), n.path("at").asText(""));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an approval record: " + e.getMessage(), e);
        }
    }
}
