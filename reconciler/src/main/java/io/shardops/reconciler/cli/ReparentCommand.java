package io.shardops.reconciler.cli;

import io.shardops.reconciler.failover.Reparent;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardops reparent KS/SHARD [--to TABLET]}: a planned change of a shard's primary. */
@Command(name = "reparent", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Make another replica tablet the primary of a shard, for maintenance (a rolling restart):"
                    + " the primary stops taking writes (gateways hold them), the new one catches up to its last"
                    + " transaction and takes over, and the old one replicates from it. No write is lost.",
            "Exit status: 0 done, 1 refused (no such shard or tablet) or failed."
        })
public final class ReparentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KS/SHARD", description = "The shard, e.g. customer/-80.")
    String shard;

    @Option(names = "--to", paramLabel = "TABLET", description = "The replica to promote (alias, e.g. zone1-0000000102); default: the one furthest ahead.")
    String to;

    @Mixin
    LiveClusterOptions live = new LiveClusterOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int slash = shard.indexOf('/');
        if (slash <= 0 || slash == shard.length() - 1) {
            throw new UserException("name the shard as KEYSPACE/SHARD, e.g. customer/-80; got '" + shard + "'");
        }
        String ks = shard.substring(0, slash);
        String name = shard.substring(slash + 1);
        EtcdAccess access = live.access();
        return LiveTopology.withStore(access, store -> {
            String c = live.clusterName(store);
            Reparent reparent = new Reparent(store, c, access.tabletManagers(), line -> {
                out.println(line);
                out.flush();
            });
            try {
                Reparent.Outcome o = reparent.planned(ks, name, Optional.ofNullable(to));
                out.println("Reparent complete: " + o.summary());
                return 0;
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            } catch (RuntimeException e) {
                throw new UserException("reparent of " + shard + " failed: " + e.getMessage()
                        + "; check the shard with shardops status and run the reparent again");
            } finally {
                reparent.close();
            }
        });
    }
}
