package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.ColumnDefinition;
import io.shardops.spec.sql.Sql;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The session state a backend connection must carry for one client session: system variables (by lowercase
 * name) and user variables (by {@code @} and lowercase name), each as the SQL literal of its value. Immutable;
 * a connection is tagged with the settings it carries ({@link io.shardops.dataplane.mysql.QueryConnection#settings}),
 * so a statement needs a SET round trip only when its connection carries other settings.
 *
 * <p>A value equal to what every gateway connection starts with (utf8mb4, utf8mb4_general_ci) is not
 * kept, so the settings pools send on connect ({@code SET NAMES utf8mb4}) leave a session at {@link #BASELINE}.
 */
final class SessionSettings {
    /** What the gateway's backend connections start with (handshake collation utf8mb4_general_ci). */
    private static final Map<String, String> START = Map.of(
            "character_set_client", "'utf8mb4'",
            "character_set_connection", "'utf8mb4'",
            "character_set_results", "'utf8mb4'",
            "collation_connection", "'utf8mb4_general_ci'");

    /** Character sets first, the collation after its character set (MySQL sets the collation from the set otherwise). */
    private static final Comparator<String> ORDER = Comparator.comparingInt((String k) -> switch (k) {
        case "character_set_client", "character_set_results" -> 0;
        case "character_set_connection" -> 1;
        case "collation_connection" -> 2;
        default -> k.startsWith("@") ? 4 : 3;
    }).thenComparing(Comparator.naturalOrder());

    static final SessionSettings BASELINE = new SessionSettings(new TreeMap<>(ORDER));

    /**
     * The settings of a client that asked for {@code collation} in its handshake, as MySQL sets the session's
     * character set from it: null (the connections' start) for utf8mb4_general_ci or none. A utf8 (utf8mb3)
     * collation gets its utf8mb4 counterpart: the bytes such a client sends are UTF-8, and the {@code mysql}
     * CLI asks for utf8mb3 under a UTF-8 locale, where an emoji typed at it must still work. MySQL 8's own
     * ids (255 and up, unknown to MariaDB) get utf8mb4_general_ci too, as MariaDB itself would.
     */
    static SessionSettings forHandshake(int collation) {
        int carried = switch (collation) {
            case 33 -> ColumnDefinition.UTF8MB4_COLLATION;  // utf8mb3_general_ci
            case 83 -> 46;    // utf8mb3_bin -> utf8mb4_bin
            case 192 -> 224;  // utf8mb3_unicode_ci -> utf8mb4_unicode_ci
            default -> collation;
        };
        String charset = CharacterSets.ofCollation(carried);
        if (charset == null || carried == ColumnDefinition.UTF8MB4_COLLATION) {
            return null;  // none, utf8mb4_general_ci, or one MariaDB would not know either: the connections' utf8mb4
        }
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("character_set_client", "'" + charset + "'");
        changes.put("character_set_results", "'" + charset + "'");
        changes.put("character_set_connection", "'" + charset + "'");
        changes.put("collation_connection", Integer.toString(carried));  // MariaDB takes a collation's id here
        return BASELINE.with(changes);
    }

    private final TreeMap<String, String> values;
    private final int hash;

    private SessionSettings(TreeMap<String, String> values) {
        this.values = values;
        this.hash = values.hashCode();
    }

    Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    /** These settings with {@code key} set to the SQL literal {@code literal}. */
    SessionSettings with(Map<String, String> changes) {
        TreeMap<String, String> next = new TreeMap<>(values);
        changes.forEach((key, literal) -> {
            if (literal.equalsIgnoreCase(START.get(key)) || (key.startsWith("@") && literal.equals("NULL"))) {
                next.remove(key);
            } else {
                next.put(key, literal);
            }
        });
        return next.equals(values) ? this : new SessionSettings(next);
    }

    /**
     * The SET that turns a connection carrying {@code from} (null: the connection's start) into one carrying these
     * settings; null when it already does.
     */
    String transitionFrom(SessionSettings from) {
        SessionSettings old = from == null ? BASELINE : from;
        if (old.equals(this)) {
            return null;
        }
        TreeMap<String, String> assignments = new TreeMap<>(ORDER);
        for (String key : old.values.keySet()) {
            if (!values.containsKey(key)) {
                assignments.put(key, key.startsWith("@") ? "NULL" : START.getOrDefault(key, "DEFAULT"));
            }
        }
        values.forEach((key, literal) -> {
            if (!literal.equals(old.values.get(key))) {
                assignments.put(key, literal);
            }
        });
        StringBuilder sql = new StringBuilder("SET ");
        assignments.forEach((key, literal) -> {
            if (sql.length() > 4) {
                sql.append(", ");
            }
            sql.append(key.startsWith("@") ? "@" + Sql.identifier(key.substring(1)) : "@@session." + key)
                    .append(" = ").append(literal);
        });
        return sql.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof SessionSettings s && s.hash == hash && s.values.equals(values));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Objects.toString(values);
    }
}
