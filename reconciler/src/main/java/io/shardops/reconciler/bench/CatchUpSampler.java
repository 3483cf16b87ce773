package io.shardops.reconciler.bench;

import io.shardops.dataplane.vindex.HashVindex;
import io.shardops.dataplane.vindex.Value;
import io.shardops.reconciler.host.local.NodeApi;
import io.shardops.spec.key.KeyRange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples how far the targets are behind the steady client: a target's lag is the age of the oldest
 * acknowledged write after the newest id it holds (0 when it holds the newest).
 */
final class CatchUpSampler {
    private static final HashVindex HASH = new HashVindex();
    private final GatewayWriter writer;
    private final List<NodeApi.TabletView> targets;

    CatchUpSampler(GatewayWriter writer, List<NodeApi.TabletView> targets) {
        this.writer = writer;
        this.targets = targets;
    }

    /** Samples every {@link MoveBench#LAG_SAMPLE_EVERY} over {@code window}; max and p95 over the samples from the first one under a second. */
    MoveBenchReport.CatchUp sample(Duration window, int perSecond) throws Exception {
        long start = System.nanoTime();
        long end = start + window.toNanos();
        long caughtUp = -1;
        List<Double> all = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        List<Connection> conns = new ArrayList<>();
        try {
            for (NodeApi.TabletView t : targets) {
                conns.add(MoveBench.direct(t.mysqlPort(), MoveBench.KEYSPACE));
            }
            while (System.nanoTime() < end) {
                double lag = 0;
                for (int i = 0; i < targets.size(); i++) {
                    lag = Math.max(lag, lagOf(conns.get(i), KeyRange.parse(targets.get(i).shard()).orElseThrow()));
                }
                if (caughtUp < 0 && lag < 1.0) {
                    caughtUp = (System.nanoTime() - start) / 1_000_000;
                }
                all.add(lag);
                if (caughtUp >= 0) {
                    after.add(lag);
                }
                Thread.sleep(MoveBench.LAG_SAMPLE_EVERY.toMillis());
            }
        } finally {
            for (Connection c : conns) {
                c.close();
            }
        }
        List<Double> sorted = (after.isEmpty() ? all : after).stream().sorted().toList();
        double max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        double p95 = sorted.isEmpty() ? 0 : sorted.get((int) Math.max(0, Math.ceil(sorted.size() * 0.95) - 1));
        return new MoveBenchReport.CatchUp(perSecond, writer.clients(), writer.achievedPerSecond(), writer.acknowledged(), sorted.size(),
                caughtUp, max, p95);
    }

    /**
     * The age of the oldest acknowledged write of this target's key range above the newest id it holds; 0 when it
     * holds them all. Several clients write at once, so ids in flight (not acknowledged yet) are skipped, not an end.
     */
    private double lagOf(Connection c, KeyRange range) throws SQLException {
        long newest;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select max(id) from t")) {
            rs.next();
            newest = rs.getLong(1);
        }
        for (long id = newest + 1; id < writer.nextId(); id++) {
            long acked = writer.ackedAt(id);
            if (acked != 0 && range.contains(HASH.keyspaceId(Value.of(id)))) {
                return Math.max(0, (System.nanoTime() - acked) / 1e9);
            }
        }
        return 0;
    }
}
