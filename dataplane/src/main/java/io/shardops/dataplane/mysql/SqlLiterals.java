package io.shardops.dataplane.mysql;

import io.shardops.spec.sql.Sql;

/** Writes byte values into statement text ({@link StatementText}) as literals a MySQL server reads back exactly. */
public final class SqlLiterals {
    private SqlLiterals() {}

    /**
     * A value's bytes as a literal in statement text ({@link StatementText}): a string literal when they are
     * valid UTF-8, else a hex literal, so no byte is lost.
     */
    public static String quote(byte[] b) {
        return StatementText.ofUnicode(Sql.literal(b));
    }
}
