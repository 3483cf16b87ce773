package io.shardops.planner.topology;

import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tablet of a shard that can never serve again as it is, so a plan replaces it (docs/replace.md). The rule is
 * deliberately narrow, as a replacement throws the tablet's data away (it is kept aside, not deleted):
 * <ul>
 *   <li>it is on its shard's {@code needs-rebuild} list: a former primary the failover monitor kept out because it
 *       holds transactions the shard's primary lacks (errant GTIDs), which replication can never undo;</li>
 *   <li>its tablet record exists (a tablet already gone has nothing to replace: the counts start a new one);</li>
 *   <li>it is not the shard's primary, nor typed primary: a lost primary is the failover monitor's, never a
 *       plan's.</li>
 * </ul>
 * A tablet that is slow, not answering, or whose mysqld crashed is not lost: the node restarts a crashed mysqld, and
 * tablet and node records have no lease in etcd that would say a host is gone for good.
 *
 * @param tablet the tablet's record
 * @param reason why it is lost, for people
 */
public record LostTablet(TabletRecord tablet, String reason) {
    public static final String NEEDS_REBUILD = "needs-rebuild: it holds transactions the primary lacks";

    /** The shard's lost tablets, in alias order. */
    public static List<LostTablet> of(Topology t, String keyspace, String shard) {
        List<String> listed = t.needsRebuild(keyspace, shard);
        if (listed.isEmpty()) {
            return List.of();
        }
        String primary = t.shard(keyspace, shard).map(ShardRecord::primaryAlias).orElse(null);
        List<LostTablet> out = new ArrayList<>();
        for (String alias : listed.stream().sorted().toList()) {
            Optional<TabletRecord> r = Optional.ofNullable(t.tablets().get(alias))
                    .filter(x -> x.keyspace().equals(keyspace) && x.shard().equals(shard));
            if (r.isEmpty() || alias.equals(primary) || r.get().type() == TabletType.PRIMARY) {
                continue;
            }
            out.add(new LostTablet(r.get(), NEEDS_REBUILD));
        }
        return out;
    }

    /** The pool it counts against in the spec: rdonly, else replica. */
    public TabletType pool() {
        return tablet.type() == TabletType.RDONLY ? TabletType.RDONLY : TabletType.REPLICA;
    }
}
