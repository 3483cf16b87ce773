package io.shardops.dataplane.mysql;

/**
 * An error as a client sees it: MySQL error number, SQLSTATE and message. Numbers and states
 * follow the MySQL server error reference (https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html).
 */
public record MysqlError(int code, String sqlState, String message) {
    public static final int ER_CON_COUNT_ERROR = 1040;
    public static final int ER_HOST_IS_BLOCKED = 1129;
    public static final int ER_SECURE_TRANSPORT_REQUIRED = 3159;
    public static final int ER_HANDSHAKE_ERROR = 1043;
    public static final int ER_DBACCESS_DENIED_ERROR = 1044;
    public static final int ER_ACCESS_DENIED_ERROR = 1045;
    public static final int ER_NO_DB_ERROR = 1046;
    public static final int ER_UNKNOWN_COM_ERROR = 1047;
    public static final int ER_BAD_DB_ERROR = 1049;
    public static final int ER_NET_PACKET_TOO_LARGE = 1153;
    public static final int ER_NET_READ_ERROR = 1158;
    public static final int ER_BAD_FIELD_ERROR = 1054;
    public static final int ER_DUP_ENTRY = 1062;
    public static final int ER_PARSE_ERROR = 1064;
    public static final int ER_NO_SUCH_TABLE = 1146;
    public static final int ER_NOT_ALLOWED_COMMAND = 1148;
    public static final int ER_UNKNOWN_ERROR = 1105;
    public static final int ER_NOT_SUPPORTED_YET = 1235;
    public static final int ER_UNKNOWN_STMT_HANDLER = 1243;
    public static final int ER_WRONG_ARGUMENTS = 1210;
    public static final int ER_MALFORMED_PACKET = 1835;
    public static final int ER_QUERY_INTERRUPTED = 1317;
    public static final int ER_NO_SUCH_THREAD = 1094;
    public static final int ER_KILL_DENIED = 1095;
    public static final int ER_OPTION_PREVENTS_STATEMENT = 1290;
    public static final int CR_SERVER_LOST = 2013;

    public static final String SQLSTATE_GENERAL = "HY000";
    public static final String SQLSTATE_ACCESS_DENIED = "28000";
    public static final String SQLSTATE_SYNTAX = "42000";
    public static final String SQLSTATE_NO_SUCH_TABLE = "42S02";
    public static final String SQLSTATE_BAD_FIELD = "42S22";
    public static final String SQLSTATE_CONNECTION = "08S01";
    public static final String SQLSTATE_UNKNOWN_DB = "42000";
    public static final String SQLSTATE_DUP = "23000";

    public MysqlError {
        if (sqlState == null || sqlState.length() != 5) {
            sqlState = SQLSTATE_GENERAL;
        }
        message = message == null ? "" : message;
    }

    /** The catch-all: 1105 (HY000), what Vitess answers for its own errors. */
    public static MysqlError unknown(String message) {
        return new MysqlError(ER_UNKNOWN_ERROR, SQLSTATE_GENERAL, message);
    }

    public static MysqlError syntax(String message) {
        return new MysqlError(ER_PARSE_ERROR, SQLSTATE_SYNTAX, message);
    }

    public static MysqlError notSupported(String message) {
        return new MysqlError(ER_NOT_SUPPORTED_YET, SQLSTATE_SYNTAX, message);
    }

    public static MysqlError accessDenied(String user) {
        return new MysqlError(ER_ACCESS_DENIED_ERROR, SQLSTATE_ACCESS_DENIED, "Access denied for user '" + user + "'");
    }

    public static MysqlError badDb(String name) {
        return new MysqlError(ER_BAD_DB_ERROR, SQLSTATE_UNKNOWN_DB, "Unknown database '" + name + "'");
    }

    public static MysqlError noDb() {
        return new MysqlError(ER_NO_DB_ERROR, "3D000", "No database selected");
    }

    /** As an exception, for a Future failure carrying this error to a client. */
    public MysqlException exception() {
        return new MysqlException(this);
    }

    @Override
    public String toString() {
        return "ERROR " + code + " (" + sqlState + "): " + message;
    }
}
