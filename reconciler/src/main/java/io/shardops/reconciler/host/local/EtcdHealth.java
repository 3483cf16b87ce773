package io.shardops.reconciler.host.local;

import java.io.IOException;
import java.time.Duration;

/**
 * etcd's own health answer ({@code GET /health}) over loopback HTTP, for the CLI's checks before it talks to
 * etcd; the endpoints are one etcd or the comma-separated members of an etcd cluster over several hosts.
 */
final class EtcdHealth {
    private EtcdHealth() {}

    /** Whether one of the members at {@code endpoints} reports healthy: one is enough for a quorum's answer. */
    static boolean anyHealthy(String endpoints) {
        for (String endpoint : endpoints.split(",")) {
            try {
                LoopbackHttp.Response r = LoopbackHttp.get(endpoint.trim() + "/health", Duration.ofSeconds(2));
                if (r.status() == 200 && r.body().replace(" ", "").contains("\"health\":\"true\"")) {
                    return true;
                }
            } catch (IOException e) {
                // the next member may answer
            }
        }
        return false;
    }

    /** Waits until {@link #anyHealthy} or {@code timeout}; false when it timed out. */
    static boolean await(String endpoints, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!anyHealthy(endpoints)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
