package io.shardops.spec;

import java.util.Optional;

/**
 * When a primary acknowledges a commit. {@code none}: once it is in the primary's binlog (a replica may not
 * have it yet; a failover can lose it). {@code semi-sync}: once a replica-type tablet has it too (MariaDB
 * semi-synchronous replication, wait point {@code AFTER_SYNC}); the primary never falls back to
 * asynchronous, so an acknowledged write is on at least two servers. rdonly tablets never acknowledge.
 */
public enum Durability {
    NONE("none"),
    SEMI_SYNC("semi-sync");

    private final String word;

    Durability(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<Durability> fromWord(String word) {
        for (Durability d : values()) {
            if (d.word.equals(word)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * The policy a shard runs with: the one declared (keyspace over cluster), else {@code semi-sync} when the
     * shard has a replica-type tablet besides its primary (someone to acknowledge), else {@code none}.
     *
     * @param declared null when neither the keyspace nor the cluster says
     */
    public static Durability effective(Durability declared, TabletCounts tablets) {
        if (declared != null) {
            return declared;
        }
        return tablets.replica() >= 2 ? SEMI_SYNC : NONE;
    }
}
