package io.shardops.dataplane.tablet.shadow;

import java.util.Locale;
import java.util.Optional;

/**
 * How MariaDB runs an ALTER TABLE, best first. The first three do not block writes ({@code LOCK=NONE}); {@link #COPY}
 * rebuilds the table row by row and blocks writes meanwhile, which is what an online change avoids.
 */
public enum AlterAlgorithm {
    /** Metadata only, whatever the table's size. */
    INSTANT("ALGORITHM=INSTANT"),
    /** In place without rebuilding the clustered index (an index added, a column renamed). */
    NOCOPY("ALGORITHM=NOCOPY, LOCK=NONE"),
    /** In place, rebuilding the table while writes go on. */
    INPLACE("ALGORITHM=INPLACE, LOCK=NONE"),
    /** Only by copying: the table is rebuilt through a shadow table instead. */
    COPY("");

    private final String clause;

    AlterAlgorithm(String clause) {
        this.clause = clause;
    }

    /** What is appended to the ALTER to insist on this algorithm; MariaDB refuses the ALTER rather than fall back. */
    public String clause() {
        return clause;
    }

    /** The words plans and records use: {@code instant}, {@code nocopy}, {@code inplace}, {@code copy}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean blocksWrites() {
        return this == COPY;
    }

    public static Optional<AlterAlgorithm> fromWord(String word) {
        for (AlterAlgorithm a : values()) {
            if (a.word().equals(word)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The ALTER as run with this algorithm insisted on: {@code alter table `t` add key k(c), ALGORITHM=NOCOPY, LOCK=NONE}. */
    public String statement(String alter) {
        return clause.isEmpty() ? alter : alter + ", " + clause;
    }
}
