package io.shardops.reconciler.host.local;

import io.shardops.dataplane.tablet.TabletManager;

/** A tablet the node runs: its mysqld, query service and tablet manager. */
interface RunningTablet {
    TabletConfig config();

    /** The tablet manager in this process, for status. */
    TabletManager manager();

    /** Stops the query service and the mysqld (a clean shutdown); the data stays. */
    void stop();

    /** Starts tablets; one implementation per way of running them. */
    @FunctionalInterface
    interface Runner {
        /** Starts {@code config} (ports already chosen) and waits until it serves. */
        RunningTablet start(TabletConfig config) throws Exception;
    }
}
