package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.spec.TabletType;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a session's queries go, as set by {@code use}: a keyspace (or none), optionally one shard,
 * and the tablet type. Written {@code ks}, {@code ks/shard}, {@code ks@replica}, {@code ks/shard@rdonly},
 * {@code @replica}.
 *
 * @param keyspace null when none was chosen
 * @param shard    null to route by VSchema
 */
public record Target(String keyspace, String shard, TabletType tabletType) {
    public static final Target DEFAULT = new Target(null, null, TabletType.PRIMARY);

    /** Parses a {@code use} argument; backquotes are removed. */
    public static Target parse(String text) {
        String t = text.trim();
        if (t.length() >= 2 && t.startsWith("`") && t.endsWith("`")) {
            t = t.substring(1, t.length() - 1);
        }
        TabletType type = TabletType.PRIMARY;
        int at = t.indexOf('@');
        if (at >= 0) {
            String word = t.substring(at + 1).toLowerCase(Locale.ROOT);
            Optional<TabletType> parsed = TabletType.fromWord(word);
            if (parsed.isEmpty()) {
                throw new MysqlError(MysqlError.ER_BAD_DB_ERROR, MysqlError.SQLSTATE_UNKNOWN_DB,
                        "unknown tablet type '" + word + "' in '" + text + "': use primary, replica or rdonly").exception();
            }
            type = parsed.get();
            t = t.substring(0, at);
        }
        String shard = null;
        int slash = t.indexOf('/');
        if (slash < 0) {
            slash = t.indexOf(':');
        }
        if (slash >= 0) {
            shard = t.substring(slash + 1);
            t = t.substring(0, slash);
        }
        return new Target(t.isEmpty() ? null : t, shard == null || shard.isEmpty() ? null : shard, type);
    }

    public Target withKeyspace(String ks) {
        return new Target(ks, shard, tabletType);
    }

    @Override
    public String toString() {
        return (keyspace == null ? "" : keyspace) + (shard == null ? "" : "/" + shard)
                + (tabletType == TabletType.PRIMARY ? "" : "@" + tabletType.word());
    }
}
