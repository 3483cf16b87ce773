package io.shardops.reconciler.topo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/** The value of a lock key: {@code {"who":..,"since":"2026-..Z","run":..,"purpose":..}}. */
final class LockHolderJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LockHolderJson() {}

    static String write(LockHolder h) {
        ObjectNode o = JSON.createObjectNode();
        o.put("who", h.who());
        o.put("since", h.since().toString());
        o.put("run", h.run() == null ? "" : h.run());
        o.put("purpose", h.purpose() == null ? "" : h.purpose());
        return o.toString();
    }

    static Optional<LockHolder> read(String value) {
        try {
            JsonNode o = JSON.readTree(value);
            return Optional.of(new LockHolder(o.path("who").asText("unknown"),
                    Instant.parse(o.path("since").asText(Instant.EPOCH.toString())),
                    o.path("run").asText(""), o.path("purpose").asText("")));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
