package io.shardops.reconciler.gitops.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.reconciler.gitops.server.ReconcilerServer;
import io.shardops.reconciler.gitops.server.WebOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's HTTP server against hostile clients: slow-loris connections, replayed webhook
 * deliveries, and requests addressed to another host name (DNS rebinding). Raw sockets, as such a
 * client would send, since an HTTP client library sets Host itself and sends whole requests.
 */
class WebGuardsTest {
    private static final String PUSH =
            "{\"ref\":\"refs/heads/main\",\"after\":\"89abcdef0123456789abcdef0123456789abcdef\",\"deleted\":false}";
    private final WebhookSecret secret = WebhookSecret.of("replay-test-secret");
    private final List<String> polls = new CopyOnWriteArrayList<>();

    private ReconcilerServer start(WebOptions options) {
        WebhookHandler webhook = new WebhookHandler(secret, "main", push -> polls.add(push.after()));
        return ReconcilerServer.start("127.0.0.1", 0, Optional.of(webhook), () -> new JsonObject().put("ok", true), Optional.empty(), options);
    }

    /** As {@code shardops watch --listen 127.0.0.1} starts it: the default host names and timeouts. */
    private ReconcilerServer startWithDefaults() {
        WebhookHandler webhook = new WebhookHandler(secret, "main", push -> polls.add(push.after()));
        return ReconcilerServer.start("127.0.0.1", 0, Optional.of(webhook), () -> new JsonObject().put("ok", true));
    }

    /** One HTTP/1.1 exchange on a fresh connection; the status code of the answer. */
    private static int exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String head = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    private String webhook(int port, String delivery, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST /webhook HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\n"
                + (delivery == null ? "" : "X-GitHub-Delivery: " + delivery + "\r\n")
                + "X-Hub-Signature-256: " + secret.signatureOf(bytes) + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body;
    }

    @Test
    void aReplayedDeliveryIsRefusedAndNotActedOn() throws Exception {
        try (ReconcilerServer server = startWithDefaults()) {
            int port = server.port();
            assertEquals(202, exchange(port, webhook(port, "72d3162e-cc78-11e3-81ab-4c9367dc0958", PUSH)));
            assertEquals(409, exchange(port, webhook(port, "72d3162e-cc78-11e3-81ab-4c9367dc0958", PUSH)), "the same delivery again");
            assertEquals(409, exchange(port, webhook(port, "a-fresh-id-on-a-captured-body", PUSH)), "the same signed body under a new id");
            assertEquals(400, exchange(port, webhook(port, null, PUSH.replace("89ab", "0000"))), "a delivery without its id");
            assertEquals(List.of("89abcdef0123456789abcdef0123456789abcdef"), polls, "one poll for one delivery");
            String next = PUSH.replace("89abcdef", "fedcba98");
            assertEquals(202, exchange(port, webhook(port, "another-delivery", next)), "a new delivery is accepted");
            assertEquals(2, polls.size());
        }
    }

    @Test
    void deliveriesAreForgottenAfterTheWindowAndTheLogIsBounded() {
        Instant[] now = {Instant.parse("2026-12-07T12:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        DeliveryLog log = new DeliveryLog(Duration.ofMinutes(10), 100, clock);
        assertTrue(log.firstTime("a"));
        assertFalse(log.firstTime("a"));
        now[0] = now[0].plus(Duration.ofMinutes(11));
        assertTrue(log.firstTime("a"), "after the window a delivery id may come again");
        for (int i = 0; i < 1000; i++) {
            log.firstTime("d" + i);
        }
        assertEquals(100, log.size(), "at most maxEntries are kept");
    }

    @Test
    void requestsForAnotherHostAreRefusedAndLoopbackIsServed() throws Exception {
        try (ReconcilerServer server = start(WebOptions.defaults("127.0.0.1", List.of("shardops.example.com")))) {
            int port = server.port();
            String status = "GET /api/status HTTP/1.1\r\nConnection: close\r\nHost: ";
            assertEquals(421, exchange(port, status + "evil.example\r\n\r\n"), "a DNS-rebinding page's request names its own host");
            assertEquals(421, exchange(port, status + "evil.example:" + port + "\r\n\r\n"));
            assertEquals(421, exchange(port, status + "127.0.0.1.evil.example\r\n\r\n"));
            assertEquals(421, exchange(port, webhook(port, "d1", PUSH).replace("Host: 127.0.0.1:" + port, "Host: evil.example")));
            assertEquals(List.of(), polls, "a refused webhook is not acted on");
            assertEquals(200, exchange(port, status + "127.0.0.1:" + port + "\r\n\r\n"));
            assertEquals(200, exchange(port, status + "localhost:" + port + "\r\n\r\n"));
            assertEquals(200, exchange(port, status + "[::1]:" + port + "\r\n\r\n"));
            assertEquals(200, exchange(port, status + "Shardops.Example.com\r\n\r\n"), "a name given with --allowed-host");
        }
        try (ReconcilerServer server = startWithDefaults()) {
            int port = server.port();
            assertEquals(421, exchange(port, "GET /api/status HTTP/1.1\r\nConnection: close\r\nHost: evil.example\r\n\r\n"),
                    "refused with the defaults too");
            assertEquals(200, exchange(port, "GET /api/status HTTP/1.1\r\nConnection: close\r\nHost: 127.0.0.1:" + port + "\r\n\r\n"));
        }
    }

    @Test
    void theDefaultsAreTenSecondsForHeadersAndAMinuteIdle() {
        WebOptions d = WebOptions.defaults("0.0.0.0", List.of());
        assertEquals(Duration.ofSeconds(10), d.headerTimeout());
        assertEquals(Duration.ofSeconds(60), d.idleTimeout());
        assertEquals(WebOptions.LOOPBACK, d.allowedHosts(), "a wildcard listen address is no host name");
    }

    /**
     * 200 connections that send a request's headers a line at a time, never finishing, every 500 ms (so no
     * idle timeout ever fires): all are closed by the default header deadline (10 s), and a normal client is
     * served meanwhile.
     */
    @Test
    void slowLorisConnectionsAreClosedByTheHeaderDeadline() throws Exception {
        Duration header = WebOptions.HEADER_TIMEOUT;
        try (ReconcilerServer server = startWithDefaults()) {
            int port = server.port();
            List<Socket> slow = new ArrayList<>();
            try {
                long started = System.nanoTime();
                for (int i = 0; i < 200; i++) {
                    Socket s = new Socket("127.0.0.1", port);
                    s.setSoTimeout(1);
                    s.getOutputStream().write(("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    slow.add(s);
                }
                assertEquals(200, exchange(port, "GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
                        "served while 200 slow clients hold connections");
                long deadline = started + header.plusSeconds(4).toNanos();
                int open = slow.size();
                int round = 0;
                while (open > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    open = 0;
                    for (Socket s : slow) {
                        if (!closedByServer(s, round)) {
                            open++;
                        }
                    }
                    round++;
                }
                assertEquals(0, open, "slow-loris connections still open " + (System.nanoTime() - started) / 1_000_000 + " ms after they began");
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    /** Sends one more header line (keeping the connection busy) and tells whether the server has closed it. */
    private static boolean closedByServer(Socket s, int round) {
        if (s.isClosed()) {
            return true;
        }
        try {
            OutputStream out = s.getOutputStream();
            out.write(("X-Drip-" + round + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            int b = in.read();
            if (b < 0) {
                s.close();
                return true;
            }
            return false;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a reset socket
            }
            return true;
        }
    }
}
