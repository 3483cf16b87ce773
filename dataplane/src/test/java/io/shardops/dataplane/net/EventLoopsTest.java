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
            assertEquals(IoUring.isAvailable() ? "io_uring" : "native epoll", EventLoops.transport(vertx));
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

    /** A tablet reaches its MariaDB over a Unix socket: the io_uring transport must connect to one (Vert.x's own cannot). */
    @Test
    void unixSocketsWorkOnTheChosenTransport(@TempDir Path dir) throws Exception {
        assumeLinuxX86();
        Vertx vertx = EventLoops.start();
        try {
            Path socket = dir.resolve("echo.sock");
            NetServer server = vertx.createNetServer().connectHandler(s -> s.handler(s::write));
            server.listen(SocketAddress.domainSocketAddress(socket.toString())).await(10, TimeUnit.SECONDS);
            assertTrue(Files.exists(socket));
            NetSocket client = vertx.createNetClient().connect(SocketAddress.domainSocketAddress(socket.toString())).await(10, TimeUnit.SECONDS);
            CompletableFuture<String> echoed = new CompletableFuture<>();
            client.handler(b -> echoed.complete(b.toString()));
            client.write(Buffer.buffer("select 1"));
            assertEquals("select 1", echoed.get(10, TimeUnit.SECONDS));
            client.close().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await();
        }
    }
}
