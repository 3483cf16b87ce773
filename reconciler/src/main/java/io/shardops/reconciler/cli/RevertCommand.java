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
    @Mixin
    SchemaChangeTarget target = new SchemaChangeTarget();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String[] named = target.table();
        String keyspace = named[0];
        String table = named[1];
        EtcdAccess access = target.live.access();
        return LiveTopology.withStore(access, store -> {
            String name = target.live.clusterName(store);
            TopologyWriter writer = new TopologyWriter(store, name);
            LockHolder holder = LockHolder.thisProcess("revert", "shardops revert " + target.what, Instant.now());
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
                throw new UserException("revert of " + target.what + " failed: " + e.getMessage());
            }
        });
    }
}
