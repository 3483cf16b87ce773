package io.shardops.dataplane.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

class EventLoopsTest {
    @Test
    void linuxOnX86UsesNativeEpoll() {
        // the machines shardops is built and measured on; elsewhere the JDK transport is the documented fallback
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"),
                "native epoll is packaged for linux-x86_64 only");
        Vertx vertx = EventLoops.start();
        try {
            assertEquals("native epoll", EventLoops.transport(vertx));
        } finally {
            vertx.close().await();
        }
    }
}
