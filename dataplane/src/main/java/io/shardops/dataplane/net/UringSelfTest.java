package io.shardops.dataplane.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One echo over loopback TCP and one over a Unix socket, on a freshly built io_uring Vert.x, before the process
 * serves anything on it. A kernel (or a sandbox in front of one) can set up a ring, pass Netty's probe of the
 * operations it needs, and still never complete a receive on some socket type: a node on such a host would
 * accept clients and then hang on its first query to MariaDB. Failing here, in well under a second when it
 * works, lets the process fall back to epoll and say why.
 */
final class UringSelfTest {
    private static final long DEADLINE_MILLIS = 3_000;
    /** Larger than a socket buffer, so both ends see partial writes and several reads, as a big result set does. */
    private static final Buffer PROBE = probe(256 * 1024);

    private UringSelfTest() {
    }

    /** Null when both echoes come back in time, else what failed. */
    static String failure(Vertx vertx) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        Path dir = null;
        try {
            String tcp = echo(vertx, SocketAddress.inetSocketAddress(0, "127.0.0.1"), deadline);
            if (tcp != null) {
                return "loopback TCP: " + tcp;
            }
            dir = socketDirectory();
            String unix = echo(vertx, SocketAddress.domainSocketAddress(dir.resolve("s").toString()), deadline);
            return unix == null ? null : "Unix socket: " + unix;
        } catch (IOException e) {
            return "no directory for a Unix socket: " + e.getMessage();
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("s"));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a leftover empty directory in /tmp is harmless
                }
            }
        }
    }

    private static String echo(Vertx vertx, SocketAddress listenOn, long deadline) {
        NetServer server = vertx.createNetServer().connectHandler(s -> s.handler(s::write));
        NetSocket client = null;
        try {
            server.listen(listenOn).await(remaining(deadline), TimeUnit.NANOSECONDS);
            SocketAddress target = listenOn.isDomainSocket() ? listenOn
                    : SocketAddress.inetSocketAddress(server.actualPort(), "127.0.0.1");
            client = vertx.createNetClient().connect(target).await(remaining(deadline), TimeUnit.NANOSECONDS);
            CompletableFuture<Buffer> echoed = new CompletableFuture<>();
            Buffer received = Buffer.buffer(PROBE.length());
            client.handler(b -> {
                received.appendBuffer(b);
                if (received.length() >= PROBE.length()) {
                    echoed.complete(received);
                }
            });
            client.write(PROBE.copy());
            Buffer back = echoed.get(remaining(deadline), TimeUnit.NANOSECONDS);
            return PROBE.equals(back) ? null : "echo came back changed";
        } catch (java.util.concurrent.TimeoutException e) {
            return "no echo within " + DEADLINE_MILLIS + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } finally {
            if (client != null) {
                client.close();
            }
            closeQuietly(server.close());
        }
    }

    private static void closeQuietly(Future<Void> closing) {
        try {
            closing.await(1, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the instance is closed as a whole when the test failed
        }
    }

    private static Buffer probe(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8));
        }
        return Buffer.buffer(bytes);
    }

    private static long remaining(long deadline) throws java.util.concurrent.TimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new java.util.concurrent.TimeoutException();
        }
        return left;
    }

    /** A short path: a Unix socket's path is limited to 107 bytes, and java.io.tmpdir may be long. */
    private static Path socketDirectory() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path base = tmp.toString().length() <= 60 ? tmp : Path.of("/tmp");
        return Files.createTempDirectory(base, "shardops-uring");
    }
}
