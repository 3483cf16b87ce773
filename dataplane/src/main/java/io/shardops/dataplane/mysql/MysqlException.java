package io.shardops.dataplane.mysql;

/** A {@link MysqlError} travelling through a failed Future; answered to the client as an ERR packet. */
public final class MysqlException extends RuntimeException {
    private final transient MysqlError error;

    public MysqlException(MysqlError error) {
        super(error.toString(), null, false, false);
        this.error = error;
    }

    public MysqlError error() {
        return error;
    }

    /** The error to show a client for any failure. */
    public static MysqlError toError(Throwable t) {
        if (t instanceof MysqlException m) {
            return m.error();
        }
        return MysqlError.unknown(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }
}
