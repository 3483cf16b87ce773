package io.shardops.planner.topology;

import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.List;

/**
 * A tablet of a shard that can never serve again as it is, so a plan replaces it (docs/replace.md). The rule is
 * deliberately narrow, as a replacement sets the tablet's data aside:
 * <ul>
 *   <li>it is on its shard's {@code needs-rebuild} list: a former primary the failover monitor kept out because it
 *       holds transactions the shard's primary lacks (errant GTIDs), which replication can never undo; or a tablet
 *       whose manager stayed silent past the monitor's lost-after time (its host gone, event {@code lost});</li>
 *   <li>it is not the shard's primary: a lost primary is the failover monitor's, never a plan's (a record still
 *       typed primary that the shard no longer names is a former primary, and is replaced).</li>
 * </ul>
 * A listed tablet whose record is gone is still lost ({@code recorded} false): a replacement that stopped part-way
 * (its node deregistered the old tablet) is finished by the same step, and a tablet stopped since only leaves the
 * list. A tablet that is slow, not answering, or whose mysqld crashed is not lost: the node restarts a crashed mysqld,
 * and tablet and node records have no lease in etcd that would say a host is gone for good.
 *
 * @param alias    the tablet
 * @param pool     the pool it counts against in the spec ({@code REPLICA} or {@code RDONLY}); {@code REPLICA} when
 *                 its record is gone (a former primary was of the replica pool)
 * @param recorded whether its tablet record is in the topology (then it counts in the shard's tablets)
 * @param reason   why it is lost, for people
 */
public record LostTablet(String alias, String cell, TabletType pool, boolean recorded, String reason) {
    public static final String NEEDS_REBUILD = "needs-rebuild: it holds transactions the primary lacks, or its manager stayed"
            + " silent past the failover monitor's lost-after time";

    /** The shard's lost tablets, in alias order. */
    public static List<LostTablet> of(Topology t, String keyspace, String shard) {
        List<String> listed = t.needsRebuild(keyspace, shard);
        if (listed.isEmpty()) {
            return List.of();
        }
        String primary = t.shard(keyspace, shard).map(ShardRecord::primaryAlias).orElse(null);
        List<LostTablet> out = new ArrayList<>();
        for (String alias : listed.stream().sorted().toList()) {
            TabletRecord r = t.tablets().get(alias);
            // a record still typed primary that is not the shard's primary is a former primary (its host gone before it
            // was fenced): replaced like any other; the shard's primary never is
            if (alias.equals(primary) || (r != null && (!r.keyspace().equals(keyspace) || !r.shard().equals(shard)))) {
                continue;
            }
            if (r == null) {
                int dash = alias.lastIndexOf('-');
                out.add(new LostTablet(alias, dash < 0 ? "" : alias.substring(0, dash), TabletType.REPLICA, false, NEEDS_REBUILD));
            } else {
                out.add(new LostTablet(alias, r.cell(), r.type() == TabletType.RDONLY ? TabletType.RDONLY : TabletType.REPLICA, true, NEEDS_REBUILD));
            }
        }
        return out;
    }
}
