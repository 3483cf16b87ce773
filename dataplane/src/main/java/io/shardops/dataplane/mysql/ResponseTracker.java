package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;

/**
 * Follows a server's response packet by packet to tell where it ends, without decoding rows:
 * OK/ERR for simple commands; column definitions until EOF for COM_FIELD_LIST; for COM_QUERY one
 * or more results (OK, ERR, or column count, definitions, EOF, rows, EOF), continuing while
 * SERVER_MORE_RESULTS_EXISTS is set. Assumes CLIENT_DEPRECATE_EOF was not negotiated.
 */
public final class ResponseTracker {
    /** How the response to a command is shaped. */
    public enum Shape { SIMPLE, QUERY, FIELD_LIST, PREPARE }

    /** What one packet was, for a reader that decodes. */
    public enum Kind { OK, ERR, COLUMN_COUNT, COLUMN, COLUMNS_END, ROW, RESULT_END }

    private Shape shape;
    private int phase; // 0 first packet of a result, 1 column definitions, 2 EOF after definitions, 3 rows
    private long columnsLeft;
    private boolean done;
    private int lastStatus;

    public ResponseTracker(Shape shape) {
        this.shape = shape;
    }

    /** Follows a new response of {@code shape} from its first packet; reused so following costs no allocation. */
    public void restart(Shape shape) {
        this.shape = shape;
        phase = 0;
        columnsLeft = 0;
        paramsLeft = 0;
        done = false;
        lastStatus = 0;
    }

    public boolean done() {
        return done;
    }

    /** The status flags of the last OK or EOF seen. */
    public int lastStatus() {
        return lastStatus;
    }

    /** Classifies the next packet and advances; {@link #done()} tells whether it was the last. */
    public Kind next(Buffer payload) {
        if (done) {
            throw new MalformedPacketException("packet after the end of a response");
        }
        if (payload.length() == 0) {
            throw new MalformedPacketException("empty response packet");
        }
        return switch (shape) {
            case SIMPLE -> {
                done = true;
                if (Packets.isErr(payload)) {
                    yield Kind.ERR;
                }
                lastStatus = Packets.statusFlags(payload);
                yield Kind.OK;
            }
            case FIELD_LIST -> {
                if (Packets.isErr(payload)) {
                    done = true;
                    yield Kind.ERR;
                }
                if (Packets.isEof(payload)) {
                    done = true;
                    lastStatus = Packets.statusFlags(payload);
                    yield Kind.COLUMNS_END;
                }
                yield Kind.COLUMN;
            }
            case QUERY -> query(payload);
            case PREPARE -> prepare(payload);
        };
    }

    private long paramsLeft;

    /** COM_STMT_PREPARE: OK with counts, parameter definitions and EOF, column definitions and EOF. */
    private Kind prepare(Buffer payload) {
        if (phase == 0) {
            if (Packets.isErr(payload)) {
                done = true;
                return Kind.ERR;
            }
            PayloadReader r = new PayloadReader(payload, 5);
            columnsLeft = r.u16();
            paramsLeft = r.u16();
            phase = paramsLeft > 0 ? 1 : columnsLeft > 0 ? 3 : 5;
            done = phase == 5;
            return Kind.OK;
        }
        switch (phase) {
            case 1 -> {
                if (--paramsLeft == 0) {
                    phase = 2;
                }
                return Kind.COLUMN;  // a parameter definition
            }
            case 2 -> {
                phase = columnsLeft > 0 ? 3 : 5;
                done = phase == 5;
                return Kind.COLUMNS_END;
            }
            case 3 -> {
                if (--columnsLeft == 0) {
                    phase = 4;
                }
                return Kind.ROW;  // a result column definition
            }
            default -> {
                done = true;
                return Kind.RESULT_END;
            }
        }
    }

    private Kind query(Buffer payload) {
        switch (phase) {
            case 0 -> {
                if (Packets.isErr(payload)) {
                    done = true;
                    return Kind.ERR;
                }
                if (Packets.isOk(payload)) {
                    lastStatus = Packets.statusFlags(payload);
                    done = (lastStatus & ServerStatus.SERVER_MORE_RESULTS_EXISTS) == 0;
                    return Kind.OK;
                }
                if (payload.getUnsignedByte(0) == Packets.LOCAL_INFILE_HEADER) {
                    throw new MalformedPacketException("LOAD DATA LOCAL INFILE is not supported");
                }
                columnsLeft = new PayloadReader(payload).lenencInt();
                if (columnsLeft <= 0) {
                    throw new MalformedPacketException("bad column count " + columnsLeft);
                }
                phase = 1;
                return Kind.COLUMN_COUNT;
            }
            case 1 -> {
                if (--columnsLeft == 0) {
                    phase = 2;
                }
                return Kind.COLUMN;
            }
            case 2 -> {
                if (!Packets.isEof(payload)) {
                    throw new MalformedPacketException("expected EOF after column definitions");
                }
                phase = 3;
                return Kind.COLUMNS_END;
            }
            default -> {
                if (Packets.isErr(payload)) {
                    done = true;
                    return Kind.ERR;
                }
                if (Packets.isEof(payload)) {
                    lastStatus = Packets.statusFlags(payload);
                    done = (lastStatus & ServerStatus.SERVER_MORE_RESULTS_EXISTS) == 0;
                    phase = 0;
                    return Kind.RESULT_END;
                }
                return Kind.ROW;
            }
        }
    }
}
