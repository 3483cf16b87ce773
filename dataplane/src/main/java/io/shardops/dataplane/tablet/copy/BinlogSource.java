package io.shardops.dataplane.tablet.copy;

/**
 * Where a stream reads its binlog: the source primary's MariaDB, the account the binlog reader logs in with,
 * and the database whose tables it carries.
 */
public record BinlogSource(String host, int port, String user, String password, String database) {
    @Override
    public String toString() {
        // the password stays out of logs and error messages
        return "BinlogSource[" + user + "@" + host + ":" + port + "/" + database + "]";
    }
}
