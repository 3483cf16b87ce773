package io.shardops.spec;

import java.util.Locale;
import java.util.Optional;

/**
 * How a keyspace's ALTER TABLEs run ({@code schemaChanges} in the spec).
 *
 * @param strategy        {@link Strategy#ONLINE}: instant or in-place when MariaDB can do it without blocking
 *                        writes, else through a shadow table; {@link Strategy#DIRECT}: a plain ALTER TABLE
 * @param postponeCutover an online change waits, copied and following, until its cut-over is approved
 */
public record SchemaChanges(Strategy strategy, boolean postponeCutover) {
    /** What a keyspace without {@code schemaChanges} gets. */
    public static final SchemaChanges DEFAULT = new SchemaChanges(Strategy.ONLINE, false);

    public enum Strategy {
        ONLINE,
        DIRECT;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Strategy> fromWord(String word) {
            for (Strategy s : values()) {
                if (s.word().equals(word)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }
}
