package io.shardops.reconciler.host.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TabletPlacementTest {
    private static final List<NodeRecord> THREE = List.of(node("10.0.0.13"), node("10.0.0.11"), node("10.0.0.12"));

    private static NodeRecord node(String address) {
        return new NodeRecord(address, address, 7000, List.of(NodeRecord.TABLETS), 1);
    }

    private static ShardPlacement decide(ShardPlacement current, int primary, Set<Integer> others, List<NodeRecord> nodes,
                                         Map<String, Integer> load, TabletCounts counts) {
        return TabletPlacement.decide(current, primary, others, nodes, load, "commerce", "0", "zone1", counts);
    }

    @Test
    void aShardsReplicasAndRdonlyGoToDifferentHostsWhenThereAreEnough() {
        ShardPlacement p = decide(ShardPlacement.NONE, -1, Set.of(), THREE, Map.of(), new TabletCounts(2, 1));
        assertEquals(List.of(100, 101, 102), p.tablets().stream().map(ShardPlacement.Placed::uid).toList());
        assertEquals(3, p.tablets().stream().map(ShardPlacement.Placed::node).distinct().count(), p.toString());
        assertEquals(List.of(TabletType.REPLICA, TabletType.REPLICA, TabletType.RDONLY),
                p.tablets().stream().map(ShardPlacement.Placed::pool).toList());
        // replicas first, on the lowest names when nothing else differs
        assertEquals("10.0.0.11", p.byUid(100).orElseThrow().node());
        assertEquals("10.0.0.12", p.byUid(101).orElseThrow().node());
    }

    @Test
    void newTabletsPreferTheLeastLoadedHostAndUidsStayUniqueInTheCluster() {
        ShardPlacement p = decide(ShardPlacement.NONE, -1, Set.of(100, 101, 102), THREE,
                Map.of("10.0.0.11", 2, "10.0.0.12", 1), new TabletCounts(1, 0));
        assertEquals(200, p.tablets().get(0).uid());
        assertEquals("10.0.0.13", p.tablets().get(0).node());
    }

    @Test
    void aTabletKeepsItsNodeAndSurplusStopsWithoutThePrimary() {
        ShardPlacement three = decide(ShardPlacement.NONE, -1, Set.of(), THREE, Map.of(), new TabletCounts(3, 0));
        ShardPlacement fewer = decide(three, 102, Set.of(), THREE, Map.of(), new TabletCounts(1, 0));
        assertTrue(fewer.byUid(102).orElseThrow().running(), "the primary keeps running: " + fewer);
        assertEquals(1, fewer.tablets().stream().filter(ShardPlacement.Placed::running).count());
        ShardPlacement back = decide(fewer, 102, Set.of(), List.of(node("10.0.0.14")), Map.of(), new TabletCounts(3, 0));
        // stopped tablets come back on the node that holds their data, not on the only node answering now
        assertEquals(three.tablets().stream().collect(Collectors.toMap(ShardPlacement.Placed::uid, ShardPlacement.Placed::node)),
                back.tablets().stream().collect(Collectors.toMap(ShardPlacement.Placed::uid, ShardPlacement.Placed::node)));
    }

    @Test
    void moreTabletsThanHostsDoubleUpEvenly() {
        ShardPlacement p = decide(ShardPlacement.NONE, -1, Set.of(), THREE.subList(0, 2), Map.of(), new TabletCounts(3, 1));
        Map<String, Long> perNode = p.tablets().stream().collect(Collectors.groupingBy(ShardPlacement.Placed::node, Collectors.counting()));
        assertEquals(Map.of("10.0.0.11", 2L, "10.0.0.13", 2L), perNode);
    }

    @Test
    void noNodeIsAnErrorThatSaysWhatToStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> decide(ShardPlacement.NONE, -1, Set.of(), List.of(), Map.of(), new TabletCounts(1, 0)));
        assertTrue(e.getMessage().contains("shardops up --host-address"), e.getMessage());
    }

    @Test
    void aRebuiltTabletsUidIsRetiredAndNeverGivenAgain() throws Exception {
        ShardPlacement p = decide(ShardPlacement.NONE, -1, Set.of(), THREE, Map.of(), new TabletCounts(3, 0));
        ShardPlacement.Placed lost = p.byUid(100).orElseThrow();
        ShardPlacement rebuilt = p.rebuilt(lost, 103);
        assertEquals(List.of(101, 102, 103), rebuilt.tablets().stream().map(ShardPlacement.Placed::uid).toList());
        assertEquals(lost.node(), rebuilt.byUid(103).orElseThrow().node(), "the replacement runs where the lost tablet's data is");
        assertEquals(103, rebuilt.retiredUid(100).orElseThrow().replacedBy());
        // raising the count later gives a new uid, never the retired one, and keeps the record of it
        ShardPlacement more = decide(rebuilt, 101, Set.of(), THREE, Map.of(), new TabletCounts(4, 0));
        assertTrue(more.byUid(100).isEmpty(), more.toString());
        assertEquals(List.of(101, 102, 103, 104), more.tablets().stream().map(ShardPlacement.Placed::uid).toList());
        assertEquals(rebuilt.retired(), more.retired());
        // a placement kept before retired uids existed reads as none retired
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        ShardPlacement old = json.readValue("{\"tablets\":[{\"uid\":100,\"pool\":\"REPLICA\",\"node\":\"n1\",\"running\":true}]}",
                ShardPlacement.class);
        assertEquals(List.of(), old.retired());
        assertEquals(rebuilt, json.readValue(json.writeValueAsString(rebuilt), ShardPlacement.class));
    }
}
