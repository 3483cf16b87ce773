package io.shardops.reconciler.host.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's side of {@code rebuild-tablet} (docs/replace.md), with tablets that only pretend to run. */
class TabletPoolRebuildTest {
    @TempDir
    Path tmp;

    private static final RunningTablet.Runner PRETEND = c -> new RunningTablet() {
        public TabletConfig config() { return c; }

        public TabletManager manager() { return null; }

        public void stop() { }
    };

    private static List<String> aliases(List<ProvisionedTablet> tablets) {
        return tablets.stream().map(ProvisionedTablet::alias).toList();
    }

    @Test
    void aLostTabletIsReplacedByANewUidItsDataKeptAsideAndAskingAgainGivesTheSameReplacement() throws Exception {
        StateDir dir = new StateDir(tmp);
        TabletPool pool = new TabletPool(dir, "127.0.0.1", PRETEND);
        pool.ensure("commerce", "0", "zone1", new TabletCounts(2, 1));
        Files.writeString(dir.tabletDir("zone1-0000000101").resolve("errant-rows"), "kept");

        NodeApi.TabletsResult r = pool.rebuild("commerce", "0", "zone1", "zone1-0000000101");
        assertEquals(List.of("zone1-0000000103"), aliases(r.tablets()), "the next uid of the shard's block");
        assertEquals(TabletType.REPLICA, r.tablets().get(0).type());
        assertFalse(Files.exists(dir.tabletDir("zone1-0000000101")));
        Path aside;
        try (Stream<Path> s = Files.list(dir.tabletsAsideDir())) {
            aside = s.findFirst().orElseThrow();
        }
        assertTrue(aside.getFileName().toString().startsWith("zone1-0000000101."), aside.toString());
        assertEquals("kept", Files.readString(aside.resolve("errant-rows")));
        assertEquals("zone1-0000000103", Files.readString(aside.resolve("replaced-by")).strip());
        assertTrue(Files.readString(dir.tabletDir("zone1-0000000103").resolve("serving-state.json")).contains("\"serving\":false"),
                "the replacement starts not serving");
        assertEquals(List.of("zone1-0000000100", "zone1-0000000102", "zone1-0000000103"), aliases(pool.tabletsOf("commerce", "0", "zone1")));

        // an apply that resumed asks again, also of a restarted node: the same replacement, nothing new
        TabletPool restarted = new TabletPool(dir, "127.0.0.1", PRETEND);
        restarted.resume();
        assertEquals(List.of("zone1-0000000103"), aliases(restarted.rebuild("commerce", "0", "zone1", "zone1-0000000101").tablets()));
        assertEquals(3, restarted.tabletsOf("commerce", "0", "zone1").size());
        assertTrue(restarted.ensure("commerce", "0", "zone1", new TabletCounts(2, 1)).changes().stream()
                .allMatch(c -> c.effect() == ProvisionedObject.Effect.UNCHANGED), "the counts hold");

        // a tablet stopped by the counts, or never here: nothing to replace
        restarted.ensure("commerce", "0", "zone1", new TabletCounts(2, 0));
        assertEquals(List.of(), restarted.rebuild("commerce", "0", "zone1", "zone1-0000000102").tablets());
        assertEquals(List.of(), restarted.rebuild("commerce", "0", "zone1", "zone1-0000000199").tablets());

        // a replacement lost in turn never gets a uid given before
        assertEquals(List.of("zone1-0000000104"), aliases(restarted.rebuild("commerce", "0", "zone1", "zone1-0000000103").tablets()));
    }
}
