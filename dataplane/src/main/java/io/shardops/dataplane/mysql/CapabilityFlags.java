package io.shardops.dataplane.mysql;

/**
 * Client/server capability flags, named as in the MySQL source documentation
 * (https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html).
 */
public final class CapabilityFlags {
    private CapabilityFlags() {}

    public static final int CLIENT_LONG_PASSWORD = 0x00000001;
    public static final int CLIENT_FOUND_ROWS = 0x00000002;
    public static final int CLIENT_LONG_FLAG = 0x00000004;
    public static final int CLIENT_CONNECT_WITH_DB = 0x00000008;
    public static final int CLIENT_NO_SCHEMA = 0x00000010;
    public static final int CLIENT_COMPRESS = 0x00000020;
    public static final int CLIENT_ODBC = 0x00000040;
    public static final int CLIENT_LOCAL_FILES = 0x00000080;
    public static final int CLIENT_IGNORE_SPACE = 0x00000100;
    public static final int CLIENT_PROTOCOL_41 = 0x00000200;
    public static final int CLIENT_INTERACTIVE = 0x00000400;
    public static final int CLIENT_SSL = 0x00000800;
    public static final int CLIENT_IGNORE_SIGPIPE = 0x00001000;
    public static final int CLIENT_TRANSACTIONS = 0x00002000;
    public static final int CLIENT_RESERVED = 0x00004000;
    public static final int CLIENT_SECURE_CONNECTION = 0x00008000;
    public static final int CLIENT_MULTI_STATEMENTS = 0x00010000;
    public static final int CLIENT_MULTI_RESULTS = 0x00020000;
    public static final int CLIENT_PS_MULTI_RESULTS = 0x00040000;
    public static final int CLIENT_PLUGIN_AUTH = 0x00080000;
    public static final int CLIENT_CONNECT_ATTRS = 0x00100000;
    public static final int CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA = 0x00200000;
    public static final int CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = 0x00400000;
    public static final int CLIENT_SESSION_TRACK = 0x00800000;
    public static final int CLIENT_DEPRECATE_EOF = 0x01000000;

    /**
     * What a shardops server offers. Not offered: SSL, compression and LOCAL INFILE, which would change
     * the packet formats the gateway forwards as raw bytes (the server adds SSL and LOCAL INFILE where
     * configured); session tracking is offered because OK packets carry their info text length-encoded
     * either way (clients such as mysql2 read it as such only when it is offered), and no session-state
     * data is ever sent. Multi statements are offered: the server cuts such text into statements and runs
     * them one at a time ({@link MultiStatements}). CLIENT_DEPRECATE_EOF is
     * offered (MySQL 8 clients expect it; Connector/J's binary result reading needs it) and the
     * server converts forwarded EOF-style results for such clients.
     */
    public static final int SERVER_DEFAULT = CLIENT_LONG_PASSWORD | CLIENT_FOUND_ROWS | CLIENT_LONG_FLAG
            | CLIENT_CONNECT_WITH_DB | CLIENT_NO_SCHEMA | CLIENT_ODBC | CLIENT_IGNORE_SPACE | CLIENT_PROTOCOL_41
            | CLIENT_INTERACTIVE | CLIENT_IGNORE_SIGPIPE | CLIENT_TRANSACTIONS | CLIENT_SECURE_CONNECTION
            | CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS | CLIENT_PS_MULTI_RESULTS | CLIENT_PLUGIN_AUTH | CLIENT_CONNECT_ATTRS
            | CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA | CLIENT_SESSION_TRACK | CLIENT_DEPRECATE_EOF;

    /**
     * What a shardops client (backend connection) asks for: the formats it can forward unchanged
     * to a client of a shardops server (no DEPRECATE_EOF, no session tracking).
     */
    public static final int BACKEND_CLIENT = CLIENT_LONG_PASSWORD | CLIENT_FOUND_ROWS | CLIENT_LONG_FLAG
            | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS | CLIENT_SECURE_CONNECTION | CLIENT_MULTI_RESULTS
            | CLIENT_PS_MULTI_RESULTS | CLIENT_PLUGIN_AUTH;

    public static boolean has(int flags, int flag) {
        return (flags & flag) != 0;
    }
}
