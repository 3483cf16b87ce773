package io.shardops.spec;

import java.util.Locale;
import java.util.Optional;

/** The serving roles of a tablet, in the order traffic is switched during a move. */
public enum TabletType {
    RDONLY,
    REPLICA,
    PRIMARY;

    /** The lowercase word used in specs, topology records and plans. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TabletType> fromWord(String word) {
        for (TabletType t : values()) {
            if (t.word().equals(word) || (t == PRIMARY && "master".equals(word))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
