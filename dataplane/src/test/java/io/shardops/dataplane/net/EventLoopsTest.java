package io.shardops.dataplane.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.uring.IoUring;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLoopsTest {
    private static void assumeLinuxX86() {
        // the machines shardops is built and measured on; elsewhere the JDK transport is the documented fallback
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the native transports are packaged for linux-x86_64 only");
    }

    @Test
    void linuxOnX86UsesIoUringWhereTheKernelAllowsItElseEpoll() {
        assumeLinuxX86();
        Vertx vertx = EventLoops.start();
        try {
            String transport = EventLoops.transport(vertx);
            if (IoUring.isAvailable()) {
                assertTrue(transport.equals("io_uring") || transport.startsWith("native epoll (io_uring failed its self-test: "), transport);
            } else {
                assertEquals("native epoll", transport);
            }
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void aNodeBesideMysqldRunsOneLoopPerTwoCores() {
        Vertx vertx = EventLoops.startBesideMysqld();
        try {
            assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), EventLoops.count(vertx));
            assertTrue(EventLoops.describe(vertx).contains("event loop"), EventLoops.describe(vertx));
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void epollCanBeChosen() {
        assumeLinuxX86();
        System.setProperty(EventLoops.TRANSPORT_PROPERTY, "epoll");
        Vertx vertx = EventLoops.start();
        try {
            assertEquals("native epoll", EventLoops.transport(vertx));
        } finally {
            System.clearProperty(EventLoops.TRANSPORT_PROPERTY);
            vertx.close().await();
        }
    }

    /** A kernel whose rings set up but never complete a receive: the process is served on epoll, and says why. */
    @Test
    void aHostWhereIoUringFailsItsSelfTestIsServedOnEpoll(@TempDir Path dir) throws Exception {
        assumeLinuxX86();
        assumeTrue(IoUring.isAvailable(), "this kernel offers no io_uring");
        EventLoops.forgetUringVerdict();
        EventLoops.uringSelfTest = v -> "Unix socket: no echo within 3000 ms";
        try {
            Vertx vertx = EventLoops.start();
            try {
                assertEquals("native epoll (io_uring failed its self-test: Unix socket: no echo within 3000 ms)", EventLoops.transport(vertx));
                assertEchoOverUnixSocket(vertx, dir);
            } finally {
                vertx.close().await();
            }
        } finally {
            EventLoops.forgetUringVerdict();
        }
    }

    @Test
    void theSelfTestPassesOnAWorkingTransport() {
        Vertx vertx = Vertx.vertx();  // the JDK's or epoll: the echoes themselves must work anywhere
        try {
            assertEquals(null, UringSelfTest.failure(vertx));
        } finally {
            vertx.close().await();
        }
    }

    /** A tablet reaches its MariaDB over a Unix socket: the io_uring transport must connect to one (Vert.x's own cannot). */
    @Test
    void unixSocketsWorkOnTheChosenTransport(@TempDir Path dir) throws Exception {
        assumeLinuxX86();
        Vertx vertx = EventLoops.start();
        try {
            assertEchoOverUnixSocket(vertx, dir);
        } finally {
            vertx.close().await();
        }
    }

    private static void assertEchoOverUnixSocket(Vertx vertx, Path dir) throws Exception {
        Path socket = dir.resolve("echo.sock");
        NetServer server = vertx.createNetServer().connectHandler(s -> s.handler(s::write));
        server.listen(SocketAddress.domainSocketAddress(socket.toString())).await(10, TimeUnit.SECONDS);
        assertTrue(Files.exists(socket));
        NetSocket client = vertx.createNetClient().connect(SocketAddress.domainSocketAddress(socket.toString())).await(10, TimeUnit.SECONDS);
        CompletableFuture<String> echoed = new CompletableFuture<>();
        client.handler(b -> echoed.complete(b.toString()));
        client.write(Buffer.buffer("select 1"));
        try {
            assertEquals("select 1", echoed.get(10, TimeUnit.SECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no echo over a Unix socket on " + EventLoops.describe(vertx), e);
        }
        client.close().await(10, TimeUnit.SECONDS);
    }
}
