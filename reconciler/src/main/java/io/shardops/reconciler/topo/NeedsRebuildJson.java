package io.shardops.reconciler.topo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code needsRebuild} list of a shard's failover record ({@code failover.FailoverLog} writes the record): the
 * topology reader takes only that list, so plans can replace those tablets (docs/replace.md).
 */
final class NeedsRebuildJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NeedsRebuildJson() {}

    /** The listed aliases; none for a record that cannot be read (the failover monitor rewrites it at its next event). */
    static List<String> decode(String json) {
        try {
            JsonNode list = JSON.readTree(json).path("needsRebuild");
            List<String> out = new ArrayList<>();
            list.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
            return out;
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
