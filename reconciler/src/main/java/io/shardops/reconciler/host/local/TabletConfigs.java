package io.shardops.reconciler.host.local;

import java.io.IOException;
import java.util.List;

/** Reads the tablets a state dir records, for commands that run outside the node. */
public final class TabletConfigs {
    private TabletConfigs() {}

    public static List<TabletConfig> all(StateDir dir) throws IOException {
        return TabletPool.readAll(dir);
    }

    /** True when the state dir has never had a tablet. */
    public static boolean none(StateDir dir) throws IOException {
        return all(dir).isEmpty();
    }
}
