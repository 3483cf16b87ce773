package io.shardops.reconciler.apply.steps.move;

import io.shardops.planner.topology.TabletControl;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.spec.TabletType;
import java.util.List;

/** The tables a shard's tablets refuse, as its tablet controls say, pushed to the running tablets. */
final class DeniedTables {
    private final TabletManagers managers;

    DeniedTables(TabletManagers managers) {
        this.managers = managers;
    }

    static List<String> of(Topology t, String keyspace, String shard, TabletType type) {
        return t.shard(keyspace, shard).flatMap(s -> s.tabletControl(type)).map(TabletControl::deniedTables).orElse(List.of());
    }

    /** Makes each running tablet of the shards refuse what its shard's tablet control for its type denies. */
    void push(Topology t, String keyspace, List<String> shards) {
        for (String shard : shards) {
            for (TabletRecord tablet : MoveTablets.running(t, keyspace, shard)) {
                TabletType type = MoveTablets.primary(t, keyspace, shard).map(p -> p.alias().equals(tablet.alias())).orElse(false)
                        ? TabletType.PRIMARY : tablet.type();
                managers.of(tablet).setDeniedTables(of(t, keyspace, shard, type));
            }
        }
    }
}
