package io.shardops.spec;

import java.util.Locale;

/** How much a {@link Problem} matters: an error stops what was asked (nothing live is touched); a warning is shown and lets it go on. */
public enum Severity {
    ERROR,
    WARNING;

    /** As a user reads it: {@code error}, {@code warning}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
