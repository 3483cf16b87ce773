package io.shardops.dataplane.tablet.query;

/** What a statement does, as far as the query rules care. */
public enum StatementKind {
    /** Reads rows (SELECT, SHOW, DESCRIBE, EXPLAIN): allowed on every tablet type. */
    READ,
    /** Changes rows (INSERT, UPDATE, DELETE, REPLACE, LOAD): only on a primary. */
    WRITE,
    /** Changes the schema (CREATE, ALTER, DROP, TRUNCATE, RENAME): only on a primary. */
    DDL,
    /** Transaction control and session settings (BEGIN, COMMIT, SET, USE): allowed everywhere, no table. */
    SESSION;

    public boolean writes() {
        return this == WRITE || this == DDL;
    }

    /** Classifies by the leading keyword; unknown keywords count as writes, so they are refused off the primary. */
    public static StatementKind ofFirstKeyword(String keyword) {
        return switch (keyword) {
            case "SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "WITH", "VALUES", "TABLE", "HELP", "CHECKSUM" -> READ;
            case "INSERT", "UPDATE", "DELETE", "REPLACE", "LOAD", "CALL", "DO", "HANDLER", "LOCK", "UNLOCK" -> WRITE;
            case "CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "GRANT", "REVOKE", "OPTIMIZE", "ANALYZE", "REPAIR" -> DDL;
            case "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET", "USE", "XA", "" -> SESSION;
            default -> WRITE;
        };
    }
}
