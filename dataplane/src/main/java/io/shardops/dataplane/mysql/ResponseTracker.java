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

    /** Where a COM_QUERY response is: each result starts again at {@code FIRST_PACKET}. */
    private enum QueryPhase { FIRST_PACKET, COLUMN_DEFINITIONS, COLUMNS_EOF, ROWS }

    /** Where a COM_STMT_PREPARE response is; it has exactly one result. */
    private enum PreparePhase { FIRST_PACKET, PARAMETER_DEFINITIONS, PARAMETERS_EOF, COLUMN_DEFINITIONS, COLUMNS_EOF }

    private Shape shape;
    private QueryPhase queryPhase = QueryPhase.FIRST_PACKET;
    private PreparePhase preparePhase = PreparePhase.FIRST_PACKET;
    private long columnsLeft;
    private long paramsLeft;
    private boolean done;
    private int lastStatus;

    public ResponseTracker(Shape shape) {
        this.shape = shape;
    }

    /** Follows a new response of {@code shape} from its first packet; reused so following costs no allocation. */
    public void restart(Shape shape) {
        this.shape = shape;
        queryPhase = QueryPhase.FIRST_PACKET;
        preparePhase = PreparePhase.FIRST_PACKET;
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

    /** COM_STMT_PREPARE: OK with counts, parameter definitions and EOF, column definitions and EOF. */
    private Kind prepare(Buffer payload) {
        return switch (preparePhase) {
            case FIRST_PACKET -> {
                if (Packets.isErr(payload)) {
                    done = true;
                    yield Kind.ERR;
                }
                PayloadReader r = new PayloadReader(payload, 5);
                columnsLeft = r.u16();
                paramsLeft = r.u16();
                if (paramsLeft > 0) {
                    preparePhase = PreparePhase.PARAMETER_DEFINITIONS;
                } else {
                    afterParameters();
                }
                yield Kind.OK;
            }
            case PARAMETER_DEFINITIONS -> {
                if (--paramsLeft == 0) {
                    preparePhase = PreparePhase.PARAMETERS_EOF;
                }
                yield Kind.COLUMN;  // a parameter definition
            }
            case PARAMETERS_EOF -> {
                afterParameters();
                yield Kind.COLUMNS_END;
            }
            case COLUMN_DEFINITIONS -> {
                if (--columnsLeft == 0) {
                    preparePhase = PreparePhase.COLUMNS_EOF;
                }
                yield Kind.ROW;  // a result column definition
            }
            case COLUMNS_EOF -> {
                done = true;
                yield Kind.RESULT_END;
            }
        };
    }

    /** A statement without result columns ends after its parameters. */
    private void afterParameters() {
        if (columnsLeft > 0) {
            preparePhase = PreparePhase.COLUMN_DEFINITIONS;
        } else {
            done = true;
        }
    }

    private Kind query(Buffer payload) {
        return switch (queryPhase) {
            case FIRST_PACKET -> {
                if (Packets.isErr(payload)) {
                    done = true;
                    yield Kind.ERR;
                }
                if (Packets.isOk(payload)) {
                    lastStatus = Packets.statusFlags(payload);
                    done = (lastStatus & ServerStatus.SERVER_MORE_RESULTS_EXISTS) == 0;
                    yield Kind.OK;
                }
                if (payload.getUnsignedByte(0) == Packets.LOCAL_INFILE_HEADER) {
                    throw new MalformedPacketException("LOAD DATA LOCAL INFILE is not supported");
                }
                columnsLeft = new PayloadReader(payload).lenencInt();
                if (columnsLeft <= 0) {
                    throw new MalformedPacketException("bad column count " + columnsLeft);
                }
                queryPhase = QueryPhase.COLUMN_DEFINITIONS;
                yield Kind.COLUMN_COUNT;
            }
            case COLUMN_DEFINITIONS -> {
                if (--columnsLeft == 0) {
                    queryPhase = QueryPhase.COLUMNS_EOF;
                }
                yield Kind.COLUMN;
            }
            case COLUMNS_EOF -> {
                if (!Packets.isEof(payload)) {
                    throw new MalformedPacketException("expected EOF after column definitions");
                }
                queryPhase = QueryPhase.ROWS;
                yield Kind.COLUMNS_END;
            }
            case ROWS -> {
                if (Packets.isErr(payload)) {
                    done = true;
                    yield Kind.ERR;
                }
                if (Packets.isEof(payload)) {
                    lastStatus = Packets.statusFlags(payload);
                    done = (lastStatus & ServerStatus.SERVER_MORE_RESULTS_EXISTS) == 0;
                    queryPhase = QueryPhase.FIRST_PACKET;
                    yield Kind.RESULT_END;
                }
                yield Kind.ROW;
            }
        };
    }
}
