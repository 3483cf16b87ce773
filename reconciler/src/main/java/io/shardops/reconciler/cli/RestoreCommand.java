package io.shardops.reconciler.cli;

import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.reconciler.archive.ArchiveLocations;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.provision.local.LocalProvisioner;
import io.shardops.reconciler.restore.RestoreException;
import io.shardops.reconciler.restore.SnapshotDrop;
import io.shardops.reconciler.restore.SnapshotRestore;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.apply.steps.tablets.TabletSteps;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.reconciler.topo.TopologyWriter;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shardops restore KS --to TIME --into NEW_KS}: point-in-time recovery into a new, read-only keyspace;
 * {@code shardops restore --drop NEW_KS} removes such a snapshot keyspace again.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Restore a keyspace as it was at a point in time into a new, read-only snapshot keyspace: per shard the latest"
                    + " backup that ended before the time, then the archived binlogs replayed up to it. The new keyspace is served"
                    + " through the gateway (use NEW_KS); plans of the spec leave it alone.",
            "restore --drop NEW_KS removes a snapshot keyspace: its tablets stop, it leaves the topology and the gateway,"
                    + " its data is deleted. A keyspace that is not a snapshot is refused.",
            "Exit status: 0 when the snapshot keyspace serves (or is dropped); 1 otherwise (nothing is created when a check fails)."
        })
public final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "KS", description = "The keyspace to restore.")
    String keyspace;

    @Option(names = "--to", paramLabel = "TIME",
            description = "The point in time, ISO 8601 UTC, e.g. 2026-12-07T13:05:00Z: transactions committed before it are restored, none at or after it.")
    String to;

    @Option(names = "--into", paramLabel = "NEW_KS", description = "The new keyspace to restore into; it must not exist.")
    String into;

    @Option(names = "--drop", paramLabel = "NEW_KS",
            description = "Remove the snapshot keyspace NEW_KS (made by restore --into) instead of restoring: stop its tablets,"
                    + " remove it from the topology and the gateway, delete its data.")
    String drop;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Spec
    CommandSpec spec;

    /** TIME as the user wrote it, or a user error with an example. */
    static Instant parseTime(String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new UserException("--to '" + text + "' is not an ISO 8601 UTC time; write it like 2026-12-07T13:05:00Z"
                    + " (date, 'T', time, 'Z' for UTC)");
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (drop != null) {
            if (keyspace != null || to != null || into != null) {
                throw new UserException("--drop NEW_KS takes no KS, --to or --into: shardops restore --drop commerce_snap");
            }
        } else if (keyspace == null || to == null || into == null) {
            throw new UserException("give KS, --to TIME and --into NEW_KS (shardops restore commerce --to 2026-12-07T13:05:00Z"
                    + " --into commerce_snap), or --drop NEW_KS to remove a snapshot keyspace");
        }
        Instant time = drop != null ? null : parseTime(to);
        StateDir dir = stateDir.resolve();
        LocalCluster lc = LocalBackupAccess.cluster(dir);
        String cluster = lc.config().cluster();
        try (EtcdTopoStore store = lc.topoStore()) {
            EtcdTopologySource source = new EtcdTopologySource(store);
            Topology t = source.read(cluster);
            String of = drop != null ? drop : keyspace;
            String cell = t.tablets().values().stream().filter(r -> r.keyspace().equals(of)).map(TabletRecord::cell)
                    .findFirst().orElse(t.cells().isEmpty() ? "zone1" : t.cells().get(0));
            TopologyWriter writer = new TopologyWriter(store, cluster);
            TabletManagers managers = TabletManagers.http(lc.credentials());
            TabletSteps tablets = new TabletSteps(cluster, source, writer, new LocalProvisioner(lc), managers, null, cell);
            Consumer<String> progress = line -> {
                out.println(line);
                out.flush();
            };
            if (drop != null) {
                new SnapshotDrop(cluster, source, writer, tablets, dir.root().resolve("restore-work"), progress).run(drop);
                return 0;
            }
            new SnapshotRestore(cluster, source, writer, tablets, managers, new ArchiveLocations(dir.root()),
                    lc.credentials().mysqlAccounts(), dir.root().resolve("restore-work"), Clock.systemUTC(), progress)
                    .run(new SnapshotRestore.Request(keyspace, time, into));
        } catch (RestoreException e) {
            throw new UserException(e.getMessage());
        } catch (TopoException e) {
            throw new UserException("cannot read the topology from " + lc.config().etcdEndpoint() + ": " + e.getMessage());
        }
        return 0;
    }
}
