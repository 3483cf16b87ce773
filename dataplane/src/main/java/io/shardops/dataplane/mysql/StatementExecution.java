package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;

/**
 * One COM_STMT_EXECUTE to pass on to a server that prepares {@code sql} itself: the statement text,
 * its parameter count as the client was told, and the parameter block that follows the statement id
 * ({@link PreparedStatement#executeParams}: no cursor, parameter types always included).
 */
public record StatementExecution(String sql, int paramCount, Buffer params) {}
