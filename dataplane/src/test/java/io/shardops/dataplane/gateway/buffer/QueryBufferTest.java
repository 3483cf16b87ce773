package io.shardops.dataplane.gateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.mysql.DecodingSink;
import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.OkPacket;
import io.shardops.dataplane.mysql.Packets;
import io.shardops.dataplane.mysql.QueryResponse;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
}
