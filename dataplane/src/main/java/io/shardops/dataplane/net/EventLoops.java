package io.shardops.dataplane.net;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The Vert.x instance a process serves MySQL connections on. It prefers Linux's native epoll transport:
 * a point select through the gateway is a few small packets each way, and the JDK selector's locking and
 * buffer copies per read and write were a large share of the event loops' time. Where the native library
 * cannot load (another OS or architecture), Vert.x keeps the JDK transport and everything works the same.
 */
public final class EventLoops {
    private EventLoops() {
    }

    public static Vertx start() {
        return Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    }

    /** "native epoll" or why not: what the process reports at start, so a slow node on an odd platform is explained. */
    public static String transport(Vertx vertx) {
        return vertx.isNativeTransportEnabled() ? "native epoll" : "JDK NIO (" + String.valueOf(vertx.unavailableNativeTransportCause()) + ")";
    }
}
