package io.shardops.reconciler.cli;

import io.shardops.dataplane.credentials.ClusterCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --credentials FILE}: the cluster's credentials file for commands given {@code --etcd} or {@code --topo} (a local
 * cluster's commands read its state dir's). A file, never the secrets themselves on the command line,
 * where other local users could read them in the process list.
 */
final class CredentialsOption {
    @Option(names = "--credentials", paramLabel = "FILE", defaultValue = "${env:SHARDOPS_CREDENTIALS}",
            description = "The cluster's credentials file (mode 0600) that goes with --etcd: etcd's password, the tablets' control token"
                    + " and MariaDB accounts (default: $SHARDOPS_CREDENTIALS; a local cluster's come from its state dir).")
    Path file;

    /** The file's credentials when one was given. */
    Optional<ClusterCredentials> read() {
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClusterCredentials.require(file));
        } catch (IOException | RuntimeException e) {
            throw new UserException("cannot use --credentials: " + e.getMessage());
        }
    }
}
