package io.shardops.reconciler.bench;

import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.tablet.HttpTabletManagerClient;
import io.shardops.dataplane.tablet.StreamStatus;
import io.shardops.dataplane.tablet.copy.StreamState;
import io.shardops.reconciler.host.local.NodeApi;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Times the copy from the target primaries' own stream status: first stream listed to the last one past copying. */
final class CopyWatch {
    private final List<HttpTabletManagerClient> targets = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile long firstListed;
    private volatile long allDone;
    private CompletableFuture<Void> running;

    CopyWatch(List<NodeApi.TabletView> targetPrimaries, BearerToken token) {
        targetPrimaries.forEach(t -> targets.add(new HttpTabletManagerClient("127.0.0.1", t.managerPort(), token)));
    }

    void start() {
        running = CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + MoveBench.PHASE_LIMIT.toNanos();
            while (!stop.get() && allDone == 0 && System.nanoTime() < deadline) {
                try {
                    List<StreamStatus> streams = new ArrayList<>();
                    targets.forEach(m -> streams.addAll(m.streams()));
                    long now = System.nanoTime();
                    if (!streams.isEmpty() && firstListed == 0) {
                        firstListed = now;
                    }
                    if (streams.size() == targets.size() && streams.stream().noneMatch(s -> s.state() == StreamState.COPYING)) {
                        allDone = now;
                    }
                    Thread.sleep(250);  // each look opens a connection on the target; keep them few
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    // a tablet busy or restarting: look again
                }
            }
        });
    }

    /** The copy's duration, when both ends were seen. */
    OptionalLong stop() throws Exception {
        stop.set(true);
        running.get(60, TimeUnit.SECONDS);
        return firstListed == 0 || allDone == 0 ? OptionalLong.empty() : OptionalLong.of((allDone - firstListed) / 1_000_000);
    }
}
