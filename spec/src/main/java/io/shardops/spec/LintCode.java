package io.shardops.spec;

import java.util.Arrays;
import java.util.Optional;

/**
 * The codes of the change review ({@code plan}, {@code preview}, {@code validate}): what each finding is about and
 * how much it matters unless {@code policy.lint} says otherwise. The codes are stable: specs and CI configs name them.
 * What triggers each, why it matters and how to fix it: docs/lint.md.
 */
public enum LintCode {
    TABLE_DROPPED("table-dropped", Severity.WARNING, true),
    COLUMN_DROPPED("column-dropped", Severity.WARNING, true),
    COLUMN_TYPE_NARROWED("column-type-narrowed", Severity.WARNING, true),
    UNIQUE_KEY_DROPPED("unique-key-dropped", Severity.WARNING, true),
    COLUMN_RENAMED("column-renamed", Severity.ERROR, true),
    TABLE_WITHOUT_PRIMARY_KEY("table-without-primary-key", Severity.WARNING, false),
    PRIMARY_VINDEX_CHANGED("primary-vindex-changed", Severity.ERROR, true),
    VINDEX_COLUMN_TYPE_CHANGED("vindex-column-type-changed", Severity.ERROR, true),
    VINDEX_DROPPED_IN_USE("vindex-dropped-in-use", Severity.WARNING, true),
    VINDEX_COLUMN_NOT_IN_UNIQUE_KEY("vindex-column-not-in-unique-key", Severity.WARNING, false),
    FOREIGN_KEY_CROSS_SHARD("foreign-key-cross-shard", Severity.ERROR, false),
    CHARSET_NOT_UTF8MB4("charset-not-utf8mb4", Severity.WARNING, false);

    private final String code;
    private final Severity defaultSeverity;
    private final boolean needsBefore;

    LintCode(String code, Severity defaultSeverity, boolean needsBefore) {
        this.code = code;
        this.defaultSeverity = defaultSeverity;
        this.needsBefore = needsBefore;
    }

    /** The stable name, e.g. {@code column-dropped}. */
    public String code() {
        return code;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** Whether the rule compares with the state before the change (so {@code validate}, which has none, cannot check it). */
    public boolean needsBefore() {
        return needsBefore;
    }

    public static Optional<LintCode> of(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
