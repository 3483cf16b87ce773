package io.shardops.dataplane.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardPrimariesTest {
    private static final VSchema UNSHARDED = VSchema.EMPTY;

    private static RoutingSnapshot primary(String... aliases) {
        StaticRoutingSnapshot.KeyspaceRouting ks = StaticRoutingSnapshot.KeyspaceRouting.of("commerce", UNSHARDED, List.of(ShardRef.of("0")));
        for (String a : aliases) {
            ks = ks.withTablet("0", TabletType.PRIMARY, new TabletEndpoint(a, "10.0.0." + a.length(), 3306, "commerce"));
        }
        return new StaticRoutingSnapshot(List.of(ks));
    }

    private static List<String> replaced(ShardPrimaries p, RoutingSnapshot s) {
        return p.replaced(s).stream().map(TabletEndpoint::alias).toList();
    }

    @Test
    void aFailoverNamesTheFormerPrimaryOnce() {
        ShardPrimaries p = new ShardPrimaries();
        assertEquals(List.of(), replaced(p, primary("zone1-100")), "the first routing replaces nothing");
        assertEquals(List.of(), replaced(p, primary("zone1-100")), "the same primary again");
        assertEquals(List.of("zone1-100"), replaced(p, primary("zone1-1010")));
        assertEquals(List.of(), replaced(p, primary("zone1-1010")));
    }

    @Test
    void aShardWithoutPrimaryForAMomentStillShowsTheChange() {
        ShardPrimaries p = new ShardPrimaries();
        replaced(p, primary("zone1-100"));
        assertEquals(List.of(), replaced(p, primary()), "no primary while the failover runs");
        assertEquals(List.of("zone1-100"), replaced(p, primary("zone1-1010")));
    }
}
