package io.shardops.test;

import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.bench.PortSquatter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A shard's primary lost for good, as the failover tests cause it: kill -9 of its mysqld with its port then held, so
 * the node cannot start it again; then the wait for the failover monitor's new primary.
 *
 * @param killed    the primary that was killed
 * @param port      holds the killed server's port; close it at the end of the test
 * @param after     the shard record naming the new primary
 * @param millis    kill to the new primary recorded
 */
record PrimaryLoss(TabletRecord killed, PortSquatter port, ShardRecord after, long millis) implements AutoCloseable {

    static PrimaryLoss of(LiveCluster c, String keyspace, String shard, int seconds) throws Exception {
        Topology t = c.topology();
        TabletRecord first = t.tablets().get(t.shard(keyspace, shard).orElseThrow().primaryAlias());
        long pid = c.mysqldPid(first.alias());
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        PortSquatter taken = new PortSquatter(first.mysqlPort());
        long killed = System.nanoTime();
        long deadline = killed + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            ShardRecord s = c.topology().shard(keyspace, shard).orElseThrow();
            if (s.primaryAlias() != null && !s.primaryAlias().equals(first.alias())) {
                return new PrimaryLoss(first, taken, s, (System.nanoTime() - killed) / 1_000_000);
            }
            Thread.sleep(100);
        }
        taken.close();
        throw new AssertionError("no failover of " + keyspace + "/" + shard + " away from " + first.alias() + " within " + seconds + " s");
    }

    @Override
    public void close() throws IOException {
        port.close();
    }
}
