package io.shardops.dataplane.tablet.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A stream's state, kept in the target's own database ({@code _shardops}) so it is written in the same
 * transaction as the rows it describes and survives any restart: the position applied so far, and
 * per table how far the snapshot copy got.
 */
public final class StreamStore {
    public static final String DATABASE = "_shardops";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stored state of one workflow's stream. */
    public record Stream(String workflow, String startPosition, String position, StreamState state, String message, long rowsCopied) {}

    private StreamStore() {}

    /**
     * Creates the stream tables when one is missing. A {@code CREATE ... IF NOT EXISTS} of an existing table is still
     * written to the binlog: on a semi-sync primary it would wait for a replica's acknowledgement (a tablet starting
     * before its replicas would hang), and on a replica it would leave a GTID the primary lacks.
     */
    public static void ensureTables(Connection c) throws SQLException {
        if (exist(c, "stream", "copy_state")) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            st.execute("CREATE TABLE IF NOT EXISTS " + DATABASE + ".stream ("
                    + " workflow varchar(128) NOT NULL PRIMARY KEY,"
                    + " start_pos varchar(4096) NOT NULL,"
                    + " pos varchar(4096) NOT NULL,"
                    + " state varchar(16) NOT NULL,"
                    + " message text,"
                    + " rows_copied bigint NOT NULL DEFAULT 0,"
                    + " updated_at timestamp(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3)"
                    + ") ENGINE=InnoDB");
            st.execute("CREATE TABLE IF NOT EXISTS " + DATABASE + ".copy_state ("
                    + " workflow varchar(128) NOT NULL,"
                    + " table_name varchar(64) NOT NULL,"
                    + " last_pk text,"
                    + " done tinyint NOT NULL DEFAULT 0,"
                    + " PRIMARY KEY (workflow, table_name)"
                    + ") ENGINE=InnoDB");
        }
    }

    /** Whether every one of {@code tables} exists in {@value #DATABASE}, read without writing anything. */
    public static boolean exist(Connection c, String... tables) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name IN ("
                        + String.join(",", java.util.Collections.nCopies(tables.length, "?")) + ")")) {
            ps.setString(1, DATABASE);
            for (int i = 0; i < tables.length; i++) {
                ps.setString(i + 2, tables[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == tables.length;
            }
        }
    }

    public static Optional<Stream> read(Connection c, String workflow) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT start_pos, pos, state, message, rows_copied FROM " + DATABASE
                + ".stream WHERE workflow = ?")) {
            ps.setString(1, workflow);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stream(workflow, rs.getString(1), rs.getString(2), StreamState.of(rs.getString(3)),
                        rs.getString(4) == null ? "" : rs.getString(4), rs.getLong(5)));
            }
        }
    }

    public static void create(Connection c, String workflow, String startPosition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + DATABASE
                + ".stream (workflow, start_pos, pos, state) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, workflow);
            ps.setString(2, startPosition);
            ps.setString(3, startPosition);
            ps.setString(4, StreamState.COPYING.word());
            ps.executeUpdate();
        }
    }

    public static void setPosition(Connection c, String workflow, String position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + DATABASE + ".stream SET pos = ? WHERE workflow = ?")) {
            ps.setString(1, position);
            ps.setString(2, workflow);
            ps.executeUpdate();
        }
    }

    public static void setState(Connection c, String workflow, StreamState state, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + DATABASE + ".stream SET state = ?, message = ? WHERE workflow = ?")) {
            ps.setString(1, state.word());
            ps.setString(2, message);
            ps.setString(3, workflow);
            ps.executeUpdate();
        }
    }

    public static void addRowsCopied(Connection c, String workflow, long rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + DATABASE + ".stream SET rows_copied = rows_copied + ? WHERE workflow = ?")) {
            ps.setLong(1, rows);
            ps.setString(2, workflow);
            ps.executeUpdate();
        }
    }

    /** The table's copy progress: empty when not started; a key list (possibly empty) plus whether it is done. */
    public record CopyProgress(List<Object> lastKey, boolean done) {}

    public static Optional<CopyProgress> copyProgress(Connection c, String workflow, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_pk, done FROM " + DATABASE
                + ".copy_state WHERE workflow = ? AND table_name = ?")) {
            ps.setString(1, workflow);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String pk = rs.getString(1);
                return Optional.of(new CopyProgress(pk == null ? List.of() : decodeKey(pk), rs.getInt(2) != 0));
            }
        }
    }

    public static void saveCopyProgress(Connection c, String workflow, String table, List<Object> lastKey, boolean done) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("REPLACE INTO " + DATABASE
                + ".copy_state (workflow, table_name, last_pk, done) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, workflow);
            ps.setString(2, table);
            ps.setString(3, lastKey.isEmpty() ? null : encodeKey(lastKey));
            ps.setInt(4, done ? 1 : 0);
            ps.executeUpdate();
        }
    }

    public static void delete(Connection c, String workflow) throws SQLException {
        for (String t : List.of("stream", "copy_state")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + DATABASE + "." + t + " WHERE workflow = ?")) {
                ps.setString(1, workflow);
                ps.executeUpdate();
            }
        }
    }

    static String encodeKey(List<Object> key) {
        ArrayNode a = JSON.createArrayNode();
        for (Object v : key) {
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
                a.addObject().put("i", v.toString());
            } else if (v instanceof BigDecimal d) {
                a.addObject().put("d", d.toPlainString());
            } else if (v instanceof byte[] b) {
                a.addObject().put("b", Base64.getEncoder().encodeToString(b));
            } else {
                a.addObject().put("s", String.valueOf(v));
            }
        }
        return a.toString();
    }

    static List<Object> decodeKey(String json) {
        try {
            List<Object> out = new ArrayList<>();
            for (JsonNode n : JSON.readTree(json)) {
                if (n.has("i")) {
                    out.add(new BigInteger(n.get("i").asText()));
                } else if (n.has("d")) {
                    out.add(new BigDecimal(n.get("d").asText()));
                } else if (n.has("b")) {
                    out.add(Base64.getDecoder().decode(n.get("b").asText()));
                } else {
                    out.add(n.get("s").asText());
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("unreadable copy position " + json, e);
        }
    }
}
