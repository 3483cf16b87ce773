package io.shardops.reconciler.host.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabletAllocationTest {

    private static List<Integer> uids(List<TabletConfig> l) {
        return l.stream().map(TabletConfig::uid).toList();
    }

    /** Applies an allocation the way the node does: started ones run, stopped ones are kept but not running. */
    private static List<TabletConfig> apply(List<TabletConfig> all, TabletAllocation a) {
        List<TabletConfig> out = new ArrayList<>();
        for (TabletConfig t : all) {
            boolean stopped = a.stop().stream().anyMatch(s -> s.alias().equals(t.alias()));
            boolean started = a.start().stream().anyMatch(s -> s.alias().equals(t.alias()));
            out.add(stopped ? t.withRunning(false) : started ? t.withRunning(true) : t);
        }
        for (TabletConfig s : a.start()) {
            if (all.stream().noneMatch(t -> t.alias().equals(s.alias()))) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void firstShardGetsTheReferenceAliasesReplicasBeforeRdonly() {
        TabletAllocation a = TabletAllocation.decide(List.of(), "commerce", "0", "zone1", new TabletCounts(2, 1));
        assertEquals(List.of(100, 101, 102), uids(a.start()));
        assertEquals("zone1-0000000100", a.start().get(0).alias());
        assertEquals(List.of(TabletType.REPLICA, TabletType.REPLICA, TabletType.RDONLY),
                a.start().stream().map(TabletConfig::poolType).toList());
        assertTrue(a.stop().isEmpty());
    }

    @Test
    void eachNewShardTakesTheNextBlockOfAHundred() {
        List<TabletConfig> all = apply(List.of(), TabletAllocation.decide(List.of(), "commerce", "0", "zone1", new TabletCounts(2, 1)));
        TabletAllocation customer = TabletAllocation.decide(all, "customer", "0", "zone1", new TabletCounts(2, 1));
        assertEquals(List.of(200, 201, 202), uids(customer.start()));
        all = apply(all, customer);
        assertEquals(List.of(300, 301, 302), uids(TabletAllocation.decide(all, "customer", "-80", "zone1", new TabletCounts(2, 1)).start()));
    }

    @Test
    void sameCountsAgainChangeNothing() {
        List<TabletConfig> all = apply(List.of(), TabletAllocation.decide(List.of(), "commerce", "0", "zone1", new TabletCounts(2, 1)));
        TabletAllocation again = TabletAllocation.decide(all, "commerce", "0", "zone1", new TabletCounts(2, 1));
        assertTrue(again.changesNothing());
        assertEquals(List.of(100, 101, 102), uids(again.keep()));
    }

    @Test
    void surplusStopsHighestUidButNeverThePrimaryWhileAnotherCanGo() {
        List<TabletConfig> all = apply(List.of(), TabletAllocation.decide(List.of(), "commerce", "0", "zone1", new TabletCounts(3, 0)));
        // 102 was elected primary
        all = all.stream().map(t -> t.uid() == 102 ? t.withType(TabletType.PRIMARY) : t).toList();
        TabletAllocation fewer = TabletAllocation.decide(all, "commerce", "0", "zone1", new TabletCounts(1, 0));
        assertEquals(List.of(101, 100), uids(fewer.stop()));
        assertEquals(List.of(102), uids(fewer.keep()));
    }

    @Test
    void stoppedTabletsComeBackWithTheirAliasBeforeNewUidsAreTaken() {
        List<TabletConfig> all = apply(List.of(), TabletAllocation.decide(List.of(), "commerce", "0", "zone1", new TabletCounts(2, 1)));
        all = apply(all, TabletAllocation.decide(all, "commerce", "0", "zone1", new TabletCounts(0, 0)));
        assertTrue(all.stream().noneMatch(TabletConfig::running));
        TabletAllocation back = TabletAllocation.decide(all, "commerce", "0", "zone1", new TabletCounts(3, 1));
        assertEquals(List.of(100, 101, 103, 102), uids(back.start()));
        assertEquals(TabletType.REPLICA, back.start().get(2).poolType());
    }
}
