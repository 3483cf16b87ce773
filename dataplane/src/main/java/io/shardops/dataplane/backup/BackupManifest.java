package io.shardops.dataplane.backup;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * What one backup is: the shard it copies, the tablet it was taken on, the GTID position its data ends at, when it
 * ran, and the stored data object with its size and SHA-256. Written as JSON, <em>last</em>, after the data object
 * is committed: a backup without its manifest does not exist ({@link BackupCatalog} never lists it).
 *
 * @param name         the backup's name, unique within its shard ({@link BackupNames#backupName})
 * @param keyspace     the keyspace
 * @param shard        the shard name, e.g. {@code -80} or {@code 0}
 * @param keyRange     the shard's key range as written in the spec ({@code -80}; {@code -} for the whole range)
 * @param tabletAlias  the tablet the backup was taken on, e.g. {@code zone1-0000000102}
 * @param gtidPosition the GTID position of the data (MariaDB {@code gtid_slave_pos} form, e.g. {@code 0-101-42})
 * @param startTime    when the backup tool started
 * @param endTime      when the data object was committed
 * @param dataObject   the name of the data object in the location
 * @param sizeBytes    the data object's stored (compressed) size
 * @param rawBytes     the size of the tool's stream before compression
 * @param sha256       the SHA-256 of the stored data object, lower-case hex
 * @param tool         the backup tool and its version, e.g. {@code mariadb-backup 10.11.19-MariaDB}
 * @param format       the tool's stream format, {@code xbstream}
 * @param compression  how the stream is compressed in the data object: {@code zstd} (written now), {@code gzip} or {@code none}
 */
public record BackupManifest(
        String name,
        String keyspace,
        String shard,
        String keyRange,
        String tabletAlias,
        String gtidPosition,
        Instant startTime,
        Instant endTime,
        String dataObject,
        long sizeBytes,
        long rawBytes,
        String sha256,
        String tool,
        String format,
        String compression) {

    /** Bumped on a change older readers would misread. */
    public static final int FORMAT_VERSION = 1;
    /** A manifest is a few hundred bytes; anything much larger is not one. */
    static final int MAX_BYTES = 64 * 1024;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BackupManifest {
        require(name, "name");
        require(keyspace, "keyspace");
        require(shard, "shard");
        require(keyRange, "keyRange");
        require(tabletAlias, "tabletAlias");
        gtidPosition = gtidPosition == null ? "" : gtidPosition;
        if (startTime == null || endTime == null) {
            throw new IllegalArgumentException("a backup manifest needs a start and an end time");
        }
        if (endTime.isBefore(startTime)) {
            throw new IllegalArgumentException("backup " + name + " ends (" + endTime + ") before it starts (" + startTime + ")");
        }
        ObjectNames.check(require(dataObject, "dataObject"));
        if (sizeBytes < 0 || rawBytes < 0) {
            throw new IllegalArgumentException("backup " + name + ": sizes must not be negative");
        }
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("backup " + name + ": sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
        }
        require(tool, "tool");
        require(format, "format");
        require(compression, "compression");
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a backup manifest needs '" + field + "'");
        }
        return value;
    }

    /** The JSON form, fields in a fixed order. */
    public byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("formatVersion", FORMAT_VERSION);
        n.put("name", name);
        n.put("keyspace", keyspace);
        n.put("shard", shard);
        n.put("keyRange", keyRange);
        n.put("tabletAlias", tabletAlias);
        n.put("gtidPosition", gtidPosition);
        n.put("startTime", startTime.toString());
        n.put("endTime", endTime.toString());
        n.put("dataObject", dataObject);
        n.put("sizeBytes", sizeBytes);
        n.put("rawBytes", rawBytes);
        n.put("sha256", sha256);
        n.put("tool", tool);
        n.put("format", format);
        n.put("compression", compression);
        try {
            return (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a manifest always serialises", e);
        }
    }

    /** Reads a manifest; {@link IllegalArgumentException} saying what is wrong when it is not a valid one. */
    public static BackupManifest parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new IllegalArgumentException("backup manifest larger than " + MAX_BYTES + " bytes");
        }
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("backup manifest is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("backup manifest could not be read: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("backup manifest is not a JSON object");
        }
        int version = n.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("backup manifest format version " + n.path("formatVersion")
                    + " is not " + FORMAT_VERSION + ": written by a different shardops version");
        }
        return new BackupManifest(
                text(n, "name"), text(n, "keyspace"), text(n, "shard"), text(n, "keyRange"), text(n, "tabletAlias"),
                text(n, "gtidPosition"), instant(n, "startTime"), instant(n, "endTime"), text(n, "dataObject"),
                number(n, "sizeBytes"), number(n, "rawBytes"), text(n, "sha256"), text(n, "tool"), text(n, "format"),
                text(n, "compression"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("backup manifest: '" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("backup manifest: '" + field + "' must be an integer");
        }
        return v.longValue();
    }

    private static Instant instant(JsonNode n, String field) {
        try {
            return Instant.parse(text(n, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("backup manifest: '" + field + "' is not an ISO 8601 UTC time", e);
        }
    }
}
