package io.shardops.reconciler.topo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.planner.topology.SchemaChangeRecord;

/**
 * The JSON of a schema change record ({@code schemachanges/<keyspace>/<table>}). Fields a newer writer adds are
 * ignored, and fields an older writer did not write take their defaults (no progress rate, not confirmed).
 */
public final class SchemaChangeJson {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private SchemaChangeJson() {}

    public static SchemaChangeRecord decode(String key, String json) {
        try {
            return JSON.readValue(json, SchemaChangeRecord.class);
        } catch (JsonProcessingException e) {
            throw new TopoException(TopoException.Kind.BAD_VALUE, key + " does not hold a schema change record: " + e.getOriginalMessage()
                    + ". Inspect it with: etcdctl get " + key, e);
        }
    }

    public static String encode(SchemaChangeRecord r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
