package io.shardops.reconciler.cli;

import io.shardops.reconciler.apply.steps.schemachange.SchemaChangeSteps;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.topo.LockHolder;
import io.shardops.reconciler.topo.TopoLock;
import io.shardops.reconciler.topo.TopologyWriter;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardops revert KEYSPACE.TABLE}: swaps a cut-over online schema change back. */
@Command(name = "revert", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Swap an online schema change back: the old table, kept current by a reverse stream since the cut-over, becomes the table again.",
            "A change not cut over yet is cancelled: its shadow table is dropped.",
            "Writes to the table are held (gateways buffer them) for the moment of the swap; no write is lost.",
            "Revert the change in the spec too, or the next apply runs it again.",
            "Exit status: 0 reverted, 1 refused (no change of that table cut over, its old table dropped, a stream failed)."
        })
public final class RevertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KEYSPACE.TABLE", description = "The table whose schema change to revert, e.g. commerce.product.")
    String what;

    @Mixin
    EtcdOption etcd = new EtcdOption();

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    ClusterOption cluster = new ClusterOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String[] named = table(what);
        String keyspace = named[0];
        String table = named[1];
        EtcdAccess access = etcd.access(stateDir.dir);
        return LiveTopology.withStore(access, store -> {
            String name = cluster.given() != null ? cluster.given() : onlyCluster(store.clusters());
            TopologyWriter writer = new TopologyWriter(store, name);
            LockHolder holder = LockHolder.thisProcess("revert", "shardops revert " + what, Instant.now());
            // one apply or revert at a time: a revert must not swap under a running cut-over
            try (TopoLock lock = store.lock(writer.keys().lock(), holder, Duration.ofSeconds(15), Duration.ZERO)) {
                SchemaChangeSteps steps = new SchemaChangeSteps(access.tabletManagers(), null, line -> {
                    out.println(line);
                    out.flush();
                });
                out.println(steps.revert(keyspace, table, new StepContext(name, "revert", writer, List.of())));
                return 0;
            } catch (StepException e) {
                throw new UserException(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserException("interrupted");
            } catch (UserException e) {
                throw e;
            } catch (Exception e) {
                throw new UserException("revert of " + what + " failed: " + e.getMessage());
            }
        });
    }

    /** {@code KEYSPACE.TABLE} as {keyspace, table}; a user error naming the expected form otherwise. */
    static String[] table(String what) {
        int dot = what.indexOf('.');
        if (dot <= 0 || dot == what.length() - 1) {
            throw new UserException("name the table as KEYSPACE.TABLE (e.g. commerce.product), not '" + what + "'");
        }
        return new String[] {what.substring(0, dot), what.substring(dot + 1)};
    }

    static String onlyCluster(List<String> clusters) {
        if (clusters.size() != 1) {
            throw new UserException("this etcd holds " + clusters.size() + " clusters " + clusters + "; name one with --cluster");
        }
        return clusters.get(0);
    }
}
