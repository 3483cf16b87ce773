package io.shardops.dataplane.mysql;

/** Writes values as SQL literals that a MySQL server reads back exactly. */
public final class SqlLiterals {
    private SqlLiterals() {}

    /** A quoted string literal: the project's one quoting rule ({@link io.shardops.spec.sql.Sql#literal(String)}). */
    public static String quote(String s) {
        return io.shardops.spec.sql.Sql.literal(s);
    }

    /**
     * A value's bytes as a literal in statement text ({@link StatementText}): a string literal when they are
     * valid UTF-8, else a hex literal, so no byte is lost.
     */
    public static String quote(byte[] b) {
        return StatementText.ofUnicode(io.shardops.spec.sql.Sql.literal(b));
    }
}
