package io.shardops.dataplane.gateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysql.DecodingSink;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.MysqlException;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.Packets;
import io.shardops.dataplane.mysql.QueryResponse;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class QueryBufferTest {
    @Test
    void onlyRefusalsMadeBeforeExecutionAreHeld() {
        assertTrue(QueryBuffer.isSwitchRefusal("disallowed due to rule: enforce denied tables"));
        assertTrue(QueryBuffer.isSwitchRefusal("operation not allowed in state NOT_SERVING"));
        assertTrue(QueryBuffer.isSwitchRefusal("no serving tablet for customer/0 of type primary"));
        assertFalse(QueryBuffer.isSwitchRefusal("Duplicate entry '1' for key 'PRIMARY'"), "a statement MariaDB ran is never sent twice");
        assertFalse(QueryBuffer.isSwitchRefusal("table customer not found in schema"));
        assertFalse(QueryBuffer.isSwitchRefusal(null));
    }

    @Test
    void aRetryAnsweredInTextRowsIsNotTakenForBinaryRows() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            DecodingSink client = new DecodingSink();  // it refuses binary rows: told so, the test fails
            AtomicInteger attempts = new AtomicInteger();
            vertx.runOnContext(v -> new QueryBuffer(Duration.ofSeconds(5), 10).run(vertx, client, () -> true, sink -> {
                if (attempts.incrementAndGet() == 1) {  // a forwarded execution, refused during a switch
                    sink.forwardBinaryRows();
                    sink.forwardPacket(Packets.err(MysqlError.unknown("operation not allowed in state NOT_SERVING")));
                } else {  // the retry went the text way
                    sink.forwardPacket(OkPacket.EMPTY.encode());
                }
                sink.forwardEnd();
            }));
            List<QueryResponse> answer = client.results().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(2, attempts.get());
            assertEquals(1, answer.size());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static final MysqlError UNREACHABLE = QueryBuffer.markUnreachable(
            new MysqlError(2003, "HY000", "cannot connect to 10.0.0.12:3306: Connection refused"));

    @Test
    void aStatementWhosePrimaryCannotBeReachedIsSentAgainOnceTheRoutingNamesAnother() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            DecodingSink client = new DecodingSink();
            AtomicInteger attempts = new AtomicInteger();
            AtomicReference<Object> routing = new AtomicReference<>(new Object());
            vertx.runOnContext(v -> new QueryBuffer(Duration.ofSeconds(5), 10).run(vertx, client, () -> false, routing::get, sink -> {
                if (attempts.incrementAndGet() == 1) {
                    sink.error(UNREACHABLE);
                    vertx.setTimer(300, id -> routing.set(new Object()));  // the failover is recorded
                } else {
                    sink.ok(OkPacket.EMPTY);
                }
            }));
            List<QueryResponse> answer = client.results().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(2, attempts.get(), "held while the routing stayed, sent again once after it changed");
            assertTrue(answer.get(0) instanceof OkPacket, answer.toString());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnreachablePrimaryTheRoutingNeverLeavesFailsTheStatementAfterTheWindow() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            DecodingSink client = new DecodingSink();
            AtomicInteger attempts = new AtomicInteger();
            Object routing = new Object();
            long t0 = System.nanoTime();
            vertx.runOnContext(v -> new QueryBuffer(Duration.ofMillis(400), 10).run(vertx, client, () -> false, () -> routing,
                    sink -> {
                        attempts.incrementAndGet();
                        sink.error(UNREACHABLE);
                    }));
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> client.results().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(2, attempts.get(), "one try, one last try at the end of the window, none in between");
            assertTrue(millis >= 400, "held for the window: " + millis + " ms");
            assertEquals(2003, ((MysqlException) failed.getCause()).error().code());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void onlyAFailureToConnectIsMarkedAsNotSent() {
        assertTrue(QueryBuffer.isUnreachable(UNREACHABLE.message()));
        assertFalse(QueryBuffer.isUnreachable(QueryBuffer.markUnreachable(new MysqlError(2013, "HY000", "lost connection to backend")).message()),
                "a statement that reached the server may have run: never sent twice");
    }
}
