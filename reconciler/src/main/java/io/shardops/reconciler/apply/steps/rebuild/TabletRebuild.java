package io.shardops.reconciler.apply.steps.rebuild;

import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.tablets.NewTabletSeeding;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.failover.FailoverEvent;
import io.shardops.reconciler.failover.FailoverLog;
import io.shardops.reconciler.provision.Provisioned;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.reconciler.provision.Provisioner;
import io.shardops.spec.Durability;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs {@code rebuild-tablet}: the provisioner stops the lost tablet, keeps its data aside and starts a new tablet of
 * the same cell and pool (a new uid: a uid is its MariaDB's server id, and a replica skips binlog events carrying its
 * own, which the former primary's transactions do), not serving. The new tablet is seeded from the shard's latest
 * backup when there is one, runs the shard's durability, replicates from the primary, waits for the primary's
 * position, and only then serves; last, a {@code rebuilt} event takes the lost tablet off the needs-rebuild list.
 *
 * <p>Safe to redo (an apply killed half-way): the provisioner gives the same replacement for the same lost tablet,
 * seeding acts only on a tablet with nothing in it, and re-pointing at the same primary changes nothing.
 */
public final class TabletRebuild {
    static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(5);
    static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(30);

    private final Provisioner provisioner;
    private final TabletManagers managers;
    private final NewTabletSeeding seeding;
    private final Consumer<String> progress;
    private final Clock clock;

    public TabletRebuild(Provisioner provisioner, TabletManagers managers, NewTabletSeeding seeding, Consumer<String> progress, Clock clock) {
        this.provisioner = provisioner;
        this.managers = managers;
        this.seeding = seeding;
        this.progress = progress;
        this.clock = clock;
    }

    public void run(Action.RebuildTablet a, StepContext ctx) throws StepException {
        long started = System.nanoTime();
        String k = a.keyspace() + "/" + a.shard();
        Topology t = ctx.topology();
        ShardRecord shard = t.shard(a.keyspace(), a.shard())
                .orElseThrow(() -> new StepException("shard " + k + " no longer exists: plan again"));
        if (a.alias().equals(shard.primaryAlias())) {
            throw new StepException("tablet " + a.alias() + " is the primary of " + k + " now: a primary is never rebuilt"
                    + " (the failover monitor replaces a lost primary); plan again");
        }
        TabletRecord primary = shard.primaryAlias() == null ? null : t.tablets().get(shard.primaryAlias());
        if (primary == null) {
            // a failover under way: a passing state, the executor tries again
            throw new IllegalStateException("shard " + k + " has no primary to replicate from; a failover may be under way");
        }
        String cell = cellOf(a.alias());
        Provisioned<List<ProvisionedTablet>> p = provisioner.rebuildTablet(a.keyspace(), a.shard(), cell, a.alias());
        for (ProvisionedObject c : p.changes()) {
            String done = switch (c.effect()) {
                case CREATED -> "started";
                case DELETED -> "stopped";
                case UPDATED, UNCHANGED -> "";
            };
            progress.accept("  " + c.kind() + " " + c.name() + (done.isEmpty() ? "" : " " + done));
        }
        // its node deregistered the lost tablet as it stopped it; a record left behind must not count as a tablet
        if (ctx.topology().tablets().containsKey(a.alias())) {
            ctx.writer().deleteTablet(cell, a.alias());
        }
        if (p.result().isEmpty()) {
            // stopped by the counts since it was listed, or gone: it only leaves the list
            record(ctx, a, shard, primary, "no longer runs on its node: nothing to replace", Map.of(), started);
            progress.accept("tablet " + a.alias() + " of " + k + " no longer runs: taken off the needs-rebuild list");
            return;
        }
        String replacement = p.result().get(0).alias();
        TabletRecord fresh = awaitRegistered(ctx, replacement);
        TabletManager m = managers.of(fresh);
        m.setServing(false);
        if (seeding.seedIfNew(fresh)) {
            progress.accept("  " + replacement + " seeded from the latest backup of " + k);
        }
        m.setDurability(Durability.fromWord(shard.durabilityOrNone()).orElse(Durability.NONE));
        m.setReplicationSource(primary.hostname(), primary.mysqlPort());
        String position = managers.of(primary).replicationPosition();
        m.waitForPosition(position, CATCH_UP_TIMEOUT);
        m.setServing(true);
        long millis = record(ctx, a, shard, primary, "replaced by " + replacement + ", caught up with the primary at " + position,
                Map.of(replacement, position), started);
        progress.accept("tablet " + a.alias() + " of " + k + " replaced by " + replacement + ": replicating from " + primary.alias()
                + " and serving (" + millis + " ms)");
    }

    /** The {@code rebuilt} event: the tablet leaves the shard's needs-rebuild list. Returns the step's millis. */
    private long record(StepContext ctx, Action.RebuildTablet a, ShardRecord shard, TabletRecord primary, String reason,
                        Map<String, String> positions, long started) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        new FailoverLog(ctx.writer().store(), ctx.cluster()).record(a.keyspace(), a.shard(), new FailoverEvent(clock.instant().toString(),
                FailoverLog.REBUILT, reason, a.alias(), primary.alias(), shard.term(), positions, millis));
        return millis;
    }

    private static String cellOf(String alias) {
        int dash = alias.lastIndexOf('-');
        return dash < 0 ? alias : alias.substring(0, dash);
    }

    private static TabletRecord awaitRegistered(StepContext ctx, String alias) {
        long deadline = System.nanoTime() + REGISTRATION_TIMEOUT.toNanos();
        while (true) {
            TabletRecord r = ctx.topology().tablets().get(alias);
            if (r != null && (r.state() == TabletState.SERVING || r.state() == TabletState.NOT_SERVING)) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("tablet " + alias + " did not register in the topology within "
                        + REGISTRATION_TIMEOUT.toSeconds() + " s; check `shardops status` and apply again");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for tablet " + alias + " to register", e);
            }
        }
    }
}
