package io.shardops.dataplane.gateway.buffer;

import io.shardops.dataplane.mysql.DelegatingSink;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.ResultSet;
import io.shardops.dataplane.mysql.ResultSink;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Holds statements during a primary switch, as vtgate's buffering does: a statement a tablet refused
 * because its shard stopped taking traffic for a move (denied tables, not serving) is sent again,
 * re-routed, every {@link #RETRY_EVERY_MS} ms until the routing sends it where it is taken, for at most
 * {@link #window} and with at most {@link #maxHeld} statements held per gateway. Both refusals happen
 * before MariaDB sees the statement, so sending it again cannot apply it twice. When the window or the
 * size is exceeded the client gets the refusal itself.
 */
public final class QueryBuffer {
    static final long RETRY_EVERY_MS = 25;
    /**
     * Refusals that happen before MariaDB sees the statement: denied tables and a not-serving tablet (the
     * tablet's own check), and no serving tablet (the gateway's, while a source primary that stopped
     * serving has left the routing and the targets are not in it yet).
     */
    private static final String[] SWITCH_REFUSALS = {"enforce denied tables", "operation not allowed in state NOT_SERVING", "no serving tablet for"};

    private final Duration window;
    private final int maxHeld;
    private final AtomicInteger held = new AtomicInteger();

    public QueryBuffer(Duration window, int maxHeld) {
        this.window = window;
        this.maxHeld = maxHeld;
    }

    /** vtgate's default window (its buffer_window is 10 s; the switch here is short). */
    public static QueryBuffer standard() {
        return new QueryBuffer(Duration.ofSeconds(5), 1000);
    }

    /**
     * Marks a failure to connect to the one tablet a statement goes to (nothing was sent): such a statement is held
     * until the routing changes (a failover names a new primary) and then sent again, as vtgate buffers during a
     * failover. A scatter's part is never marked: another shard may have run its part already.
     */
    public static MysqlError markUnreachable(MysqlError e) {
        return e.code() == CR_CONN_HOST_ERROR && !e.message().contains(UNREACHABLE_MARK)
                ? new MysqlError(e.code(), e.sqlState(), e.message() + " " + UNREACHABLE_MARK) : e;
    }

    static final int CR_CONN_HOST_ERROR = 2003;
    static final String UNREACHABLE_MARK = "(tablet unreachable; not sent)";

    static boolean isUnreachable(String message) {
        return message != null && message.contains(UNREACHABLE_MARK);
    }

    /** Statements waiting now, for status and tests. */
    public int held() {
        return held.get();
    }

    /**
     * Runs {@code attempt} with a sink that, on a switch refusal while {@code buffering} says a switch is
     * under way, runs it again later instead of answering; anything else goes to {@code client}.
     */
    public void run(Vertx vertx, ResultSink client, BooleanSupplier buffering, Consumer<ResultSink> attempt) {
        run(vertx, client, buffering, () -> null, attempt);
    }

    /**
     * As {@link #run(Vertx, ResultSink, BooleanSupplier, Consumer)}; a statement whose tablet could not be reached is
     * held until {@code routing} gives another object than it gave at the failure, then sent again.
     */
    public void run(Vertx vertx, ResultSink client, BooleanSupplier buffering, Supplier<Object> routing, Consumer<ResultSink> attempt) {
        new Held(vertx, client, buffering, routing, attempt, System.nanoTime() + window.toNanos()).attempt();
    }

    /**
     * A tablet holding a table for a schema cut-over says so in its refusal; that alone is reason to hold the
     * statement, as no topology record announces a cut-over of a few hundred milliseconds.
     */
    static boolean isSchemaCutover(String message) {
        return message != null && message.contains(SCHEMA_CUTOVER_MARK);
    }

    /** Kept equal to {@code QueryRules.SCHEMA_CUTOVER_MARK} (the gateway does not depend on the tablet's packages). */
    static final String SCHEMA_CUTOVER_MARK = "(schema cut-over in progress)";

    static boolean isSwitchRefusal(String message) {
        for (String m : SWITCH_REFUSALS) {
            if (message != null && message.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /** One statement's attempts. */
    private final class Held {
        private final Vertx vertx;
        private final ResultSink client;
        private final BooleanSupplier buffering;
        private final Supplier<Object> routing;
        private final Consumer<ResultSink> attempt;
        private final long deadline;
        private boolean counted;

        Held(Vertx vertx, ResultSink client, BooleanSupplier buffering, Supplier<Object> routing, Consumer<ResultSink> attempt, long deadline) {
            this.vertx = vertx;
            this.client = client;
            this.buffering = buffering;
            this.routing = routing;
            this.attempt = attempt;
            this.deadline = deadline;
        }

        /**
         * Holds a statement whose tablet was unreachable until the routing changes; false (the client gets the
         * error) when there is no routing to follow, the window passes or the buffer is full.
         */
        boolean holdUntilRerouted() {
            Object failedUnder = routing.get();
            if (failedUnder == null || System.nanoTime() >= deadline) {
                return false;
            }
            if (!counted) {
                if (held.incrementAndGet() > maxHeld) {
                    held.decrementAndGet();
                    return false;
                }
                counted = true;
            }
            waitForNewRouting(failedUnder);
            return true;
        }

        private void waitForNewRouting(Object failedUnder) {
            vertx.setTimer(RETRY_EVERY_MS, id -> {
                if (routing.get() != failedUnder || System.nanoTime() >= deadline) {
                    attempt();  // past the window the last attempt's own error reaches the client
                } else {
                    waitForNewRouting(failedUnder);
                }
            });
        }

        void attempt() {
            attempt.accept(new Sink());
        }

        /** Whether to hold the statement once more; counts it against the size bound on its first hold. */
        boolean holdAgain(boolean always) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            if (!counted) {
                if (!(always || buffering.getAsBoolean()) || held.incrementAndGet() > maxHeld) {
                    if (held.get() > maxHeld) {
                        held.decrementAndGet();
                    }
                    return false;
                }
                counted = true;
            }
            vertx.setTimer(RETRY_EVERY_MS, id -> attempt());
            return true;
        }

        void finished() {
            if (counted) {
                counted = false;
                held.decrementAndGet();
            }
        }

        /** Passes everything through except a switch refusal that is held. */
        private final class Sink extends DelegatingSink {
            private Buffer refusal;  // a forwarded ERR packet kept until the response ends
            private boolean binaryRows;  // told to the client with the first packet it gets, not before: a retry may answer in text

            Sink() {
                super(client);
            }

            @Override
            public void ok(OkPacket ok) {
                finished();
                client.ok(ok);
            }

            @Override
            public void error(MysqlError error) {
                if (isSwitchRefusal(error.message()) && holdAgain(isSchemaCutover(error.message()))) {
                    return;
                }
                if (isUnreachable(error.message()) && holdUntilRerouted()) {
                    return;
                }
                finished();
                client.error(error);
            }

            @Override
            public void resultSet(ResultSet resultSet) {
                finished();
                client.resultSet(resultSet);
            }

            @Override
            public void forwardPacket(Buffer payload) {
                if (refusal == null && payload.length() > 0 && (payload.getByte(0) & 0xff) == 0xff
                        && isSwitchRefusal(payload.toString(StandardCharsets.ISO_8859_1))) {
                    refusal = payload.copy();
                    return;
                }
                if (binaryRows) {
                    binaryRows = false;
                    client.forwardBinaryRows();
                }
                client.forwardPacket(payload);
            }

            @Override
            public void forwardBinaryRows() {
                binaryRows = true;
            }

            @Override
            public void forwardFlush() {
                if (refusal == null) {
                    client.forwardFlush();
                }
            }

            @Override
            public void forwardEnd() {
                if (refusal != null && holdAgain(isSchemaCutover(refusal.toString(StandardCharsets.ISO_8859_1)))) {
                    return;
                }
                finished();
                if (refusal != null) {
                    client.forwardPacket(refusal);
                }
                client.forwardEnd();
            }

            @Override
            public void forwardAbort(String reason) {
                finished();
                client.forwardAbort(reason);
            }
        }
    }
}
