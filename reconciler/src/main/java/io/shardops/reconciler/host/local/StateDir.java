package io.shardops.reconciler.host.local;

import io.shardops.dataplane.process.PidDirectory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a local cluster keeps everything: {@code local.json}, {@code secrets/credentials.json} (mode 0600
 * in a 0700 directory), {@code etcd/}, {@code tablets/<alias>/}, {@code gateways.json}, {@code logs/} and
 * {@code pids/}. One state dir is one cluster.
 */
public record StateDir(Path root) {
    public static final String ENV = "SHARDOPS_HOME";
    public static final String DEFAULT_NAME = ".shardops";

    public StateDir {
        root = root.toAbsolutePath().normalize();
    }

    /** The explicit option, else {@code $SHARDOPS_HOME}, else {@code .shardops} in the working directory. */
    public static StateDir resolve(Path option, Map<String, String> env) {
        if (option != null) {
            return new StateDir(option);
        }
        String home = env.get(ENV);
        if (home != null && !home.isBlank()) {
            return new StateDir(Path.of(home));
        }
        return new StateDir(Path.of(DEFAULT_NAME));
    }

    public static StateDir resolve(Path option) {
        return resolve(option, System.getenv());
    }

    public Path localJson() {
        return root.resolve("local.json");
    }

    /** The cluster's secrets ({@link io.shardops.dataplane.credentials.ClusterCredentials}). */
    public Path credentialsFile() {
        return root.resolve("secrets").resolve("credentials.json");
    }

    public Path gatewaysJson() {
        return root.resolve("gateways.json");
    }

    public Path etcdDir() {
        return root.resolve("etcd");
    }

    public Path tabletsDir() {
        return root.resolve("tablets");
    }

    public Path tabletDir(String alias) {
        return tabletsDir().resolve(alias);
    }

    /** Where the directories of replaced tablets are kept ({@code <alias>.<time>}), their data untouched (docs/replace.md). */
    public Path tabletsAsideDir() {
        return root.resolve("tablets-aside");
    }

    /** The self-signed CA, certificate and key of the cluster's gateways ({@code gateway.tls.selfSigned}). */
    public Path gatewayTlsDir() {
        return root.resolve("tls").resolve("gateway");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    public Path nodeLog() {
        return logsDir().resolve("node.log");
    }

    public PidDirectory pids() {
        return new PidDirectory(root.resolve("pids"));
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
