package io.shardops.reconciler.cli;

import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code shardops credentials rotate}: new random credentials for a stopped local cluster. */
@Command(name = "credentials", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage the local cluster's credentials (docs/security/credentials.md).",
        subcommands = CredentialsCommand.Rotate.class)
public final class CredentialsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Replace every credential of a stopped local cluster with new random ones: etcd's password"
                    + " is changed now, the MariaDB accounts and the control token at the next shardops up.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        StateDirOption stateDir = new StateDirOption();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            StateDir dir = stateDir.resolve();
            LocalCluster cluster = LocalCluster.existing(dir)
                    .orElseThrow(() -> new UserException("no local cluster in " + dir + "; nothing to rotate"));
            if (cluster.nodeHealth().isPresent()) {
                throw new UserException("the cluster in " + dir + " is running; stop it with shardops down --state-dir " + dir
                        + " (its data is kept), rotate, then start it with shardops up");
            }
            try {
                cluster.rotateCredentials();
            } catch (LocalCluster.LocalClusterException e) {
                throw new UserException(e.getMessage());
            }
            var out = spec.commandLine().getOut();
            out.println("New credentials in " + dir.credentialsFile() + " (mode 0600); etcd already takes only the new password.");
            out.println("Start the cluster with shardops up --state-dir " + dir + ": every tablet's MariaDB takes the new passwords at start.");
            out.println("Give the new file to whoever runs shardops with --credentials.");
            return 0;
        }
    }
}
