package io.shardops.dataplane.net;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.transports.TransportInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.function.Function;

/**
 * The Vert.x instance a process serves MySQL connections on. Its network I/O runs on Linux's io_uring where
 * the kernel allows it, else on native epoll, else (another OS or architecture) on the JDK's NIO, which works
 * the same, only slower. A point select through the gateway is a few small packets each way, so what the node
 * pays per query is mostly the kernel's: the JDK selector's locks and copies, then epoll's wait and wake-ups.
 * With io_uring a loop submits its sends and waits for completions in one call, and sleeps less often.
 * Where the kernel offers io_uring, a first instance per JVM must pass {@link UringSelfTest} (an echo over TCP
 * and over a Unix socket) before it is used; a host whose rings set up but never complete is served on epoll.
 */
public final class EventLoops {
    /** JVM option that sets the number of event loops. */
    public static final String COUNT_PROPERTY = "shardops.eventLoops";
    /** JVM option naming the transport: io_uring (the default where available) or epoll. */
    public static final String TRANSPORT_PROPERTY = "shardops.transport";

    /** Why io_uring is not used though the kernel offers it: null until a self-test failed in this JVM. */
    private static volatile String uringRefused;
    /** Set once a self-test passed in this JVM: later instances (tests start many) skip it. */
    private static volatile boolean uringChecked;
    /** The check a first io_uring instance must pass; tests put a failing one here to see the fallback. */
    static volatile Function<Vertx, String> uringSelfTest = UringSelfTest::failure;

    private EventLoops() {
    }

    /** For a process that serves clients alone (the gateway role): Vert.x's default of two loops per core. */
    public static Vertx start() {
        return start(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
    }

    /**
     * For a process beside its MariaDB (the local node, the tablet role): one loop per two cores. MariaDB spends
     * as much CPU per query as the node, and a loop that serves several clients finds more than one statement
     * per wake-up: on 2 cores, 1 loop instead of 4 cut the node's CPU per point select by 10-20%
     * (docs/performance.md, "The gateway").
     */
    public static Vertx startBesideMysqld() {
        return start(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    static Vertx start(int defaultLoops) {
        VertxOptions options = new VertxOptions().setPreferNativeTransport(true)
                .setEventLoopPoolSize(Integer.getInteger(COUNT_PROPERTY, defaultLoops));
        if (!"epoll".equals(System.getProperty(TRANSPORT_PROPERTY))) {
            UringTransport uring = new UringTransport();
            if (uring.isAvailable() && uringRefused == null) {
                Vertx vertx = Vertx.builder().with(options).withTransport(new TransportInternal("io_uring", true, null, uring)).build();
                if (uringChecked) {
                    return vertx;
                }
                String failure = uringSelfTest.apply(vertx);
                if (failure == null) {
                    uringChecked = true;
                    return vertx;
                }
                uringRefused = failure;
                vertx.close();
            }
        }
        return Vertx.vertx(options);
    }

    /** Forgets this JVM's self-test verdict (tests only). */
    static void forgetUringVerdict() {
        uringRefused = null;
        uringChecked = false;
        uringSelfTest = UringSelfTest::failure;
    }

    /** "io_uring", "native epoll" or why not: what the process reports at start, so a slow node on an odd platform is explained. */
    public static String transport(Vertx vertx) {
        if (vertx instanceof VertxInternal internal && internal.transport() instanceof UringTransport) {
            return "io_uring";
        }
        String refused = uringRefused == null ? "" : " (io_uring failed its self-test: " + uringRefused + ")";
        return vertx.isNativeTransportEnabled() ? "native epoll" + refused
                : "JDK NIO (" + String.valueOf(vertx.unavailableNativeTransportCause()) + ")" + refused;
    }

    /** How many event loops {@code vertx} runs (-1 when it does not say). */
    public static int count(Vertx vertx) {
        if (!(vertx instanceof VertxInternal internal)) {
            return -1;
        }
        int n = 0;
        for (var ignored : internal.eventLoopGroup()) {
            n++;
        }
        return n;
    }

    /** The transport and the number of loops, for a process's start line. */
    public static String describe(Vertx vertx) {
        int n = count(vertx);
        return transport(vertx) + (n > 0 ? ", " + n + (n == 1 ? " event loop" : " event loops") : "");
    }
}
