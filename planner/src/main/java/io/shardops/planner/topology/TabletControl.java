package io.shardops.planner.topology;

import io.shardops.spec.TabletType;
import java.util.List;

/**
 * A shard's control for one tablet type: the tables its tablets refuse to serve (Vitess's
 * blacklisted / denied tables), set when a vertical split switches that type away from the shard.
 */
public record TabletControl(TabletType tabletType, List<String> deniedTables) {
    public TabletControl {
        deniedTables = List.copyOf(deniedTables);
    }
}
