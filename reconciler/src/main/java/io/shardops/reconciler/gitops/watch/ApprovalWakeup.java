package io.shardops.reconciler.gitops.watch;

import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopoWatch;
import io.shardops.reconciler.topo.TopologyKeys;
import io.shardops.reconciler.topo.WatchEvent;

/**
 * An approval recorded ({@code shardops approve}, the console) wakes the watcher at once instead of at
 * its next timer, so a run waiting at a gate goes on within a second of being approved.
 */
public final class ApprovalWakeup {
    private ApprovalWakeup() {}

    /** Watches {@code reconciler/approvals/} of {@code cluster}; close the returned watch to stop. */
    public static TopoWatch start(TopoStore store, String cluster, Watcher watcher) {
        String prefix = new TopologyKeys(cluster).reconcilerDir() + "approvals/";
        return store.watch(prefix, store.revision(), event -> {
            if (event instanceof WatchEvent.Put) {
                watcher.pollSoon();
            }
        });
    }
}
