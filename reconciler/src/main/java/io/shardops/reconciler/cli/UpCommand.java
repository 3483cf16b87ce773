package io.shardops.reconciler.cli;

import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.NodeApi;
import io.shardops.reconciler.host.local.NodeClient;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.host.local.TabletConfigs;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.Endpoint;
import io.shardops.reconciler.provision.Provisioned;
import io.shardops.reconciler.provision.local.LocalProvisioner;
import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardops up [SPEC]}: a local cluster on 127.0.0.1, then the spec applied to it. */
@Command(name = "up", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Start a local cluster on this machine (etcd, and a node running tablets with one MariaDB each, and gateways),"
                    + " then apply SPEC to it. Running it again changes only what differs.",
            "State (data, logs, ports) lives in --state-dir; shardops down stops it all.",
            "Exit status: 0 up; 2 when a gated step waits (run up again with --auto-approve) or the state dir holds another cluster;"
                    + " 1 on other errors."
        })
public final class UpCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "SPEC", description = "A cluster spec (file or folder) to apply.")
    Path specPath;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    AutoApproveOption autoApprove = new AutoApproveOption();

    @Mixin
    ClusterOption clusterName = new ClusterOption();

    @Option(names = "--host-address", paramLabel = "ADDR",
            description = "This host's IPv4 address in a cluster over several hosts: the node, its tablets and gateways (and etcd,"
                    + " unless --etcd-endpoints) listen on it and advertise it (default: 127.0.0.1, or what the state dir recorded).")
    String hostAddress;

    @Option(names = "--etcd-endpoints", paramLabel = "URLS",
            description = "The client URLs of an etcd cluster run on several hosts (http://HOST:PORT,...): this host's node uses it"
                    + " instead of starting an etcd of its own, and apply places tablets over every node registered there.")
    String etcdEndpoints;

    @Option(names = "--node-runs", paramLabel = "WHAT",
            description = "What this host's node takes: tablets, gateways, or tablets,gateways (default: both).")
    String nodeRuns;

    @Option(names = "--lost-after", paramLabel = "SECONDS",
            description = "How long the node's failover monitor waits for a tablet whose manager does not answer (its host gone)"
                    + " before it marks it lost, so the next apply replaces it (default 300; 10..86400). Kept in the state dir.")
    Integer lostAfterSeconds;

    @Option(names = "--cluster-credentials", paramLabel = "FILE",
            description = "The cluster's credentials file (from the first host's state dir, secrets/credentials.json): every host of a"
                    + " cluster over several hosts uses the same. Copied into the state dir; refused when the state dir holds others.")
    Path credentialsFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Cluster cluster = null;
        String specHash = "";
        if (specPath != null) {
            LoadResult loaded = SpecLoader.load(specPath);
            cluster = valid(loaded);
            specHash = PlanCommand.hash(loaded.files());
        }
        StateDir dir = stateDir.resolve();
        HostOptions.adoptCredentials(dir, credentialsFile);
        // a host of a cluster over several hosts starts its node before any spec: --cluster names the cluster
        String name = cluster != null ? cluster.name() : clusterName.given();
        if (cluster != null && clusterName.given() != null && !clusterName.given().equals(cluster.name())) {
            throw new UserException("--cluster " + clusterName.given() + " but the spec describes '" + cluster.name() + "'");
        }
        LocalCluster local = LocalCluster.open(dir, name);
        HostOptions.place(local, hostAddress, etcdEndpoints, nodeRuns);
        HostOptions.lostAfter(local, lostAfterSeconds);
        if (name != null && !local.config().cluster().equals(name)) {
            if (!TabletConfigs.none(dir)) {
                throw new UserException(dir + " holds cluster '" + local.config().cluster() + "', the spec describes '"
                        + name + "'; use another --state-dir, or remove it with: shardops down --purge", 2);
            }
            local.rename(name);
        }
        try {
            report(out, local.ensureEtcd());
            report(out, local.ensureNode());
        } catch (LocalCluster.LocalClusterException e) {
            throw new UserException(e.getMessage());
        }
        List<Endpoint> gateways = new ArrayList<>();
        Map<Endpoint, String> tlsOptions = new HashMap<>();
        if (cluster != null) {
            LocalProvisioner provisioner = new LocalProvisioner(local);
            for (Cell cell : cluster.cells()) {
                Provisioned<List<Endpoint>> g = call(() -> provisioner.ensureGateways(cell.name(), cell.gateway()));
                g.changes().forEach(c -> report(out, c));
                gateways.addAll(g.result());
                if (cell.gateway().tls() != null) {
                    String ca = cell.gateway().tls().selfSigned() ? " --ssl-ca=" + dir.gatewayTlsDir().resolve("ca.pem") : "";
                    g.result().forEach(e -> tlsOptions.put(e, " --ssl --ssl-verify-server-cert" + ca));
                }
            }
            LocalApply.run(cluster, specPath.toString(), specHash, local, provisioner, autoApprove.on, out);
        } else {
            NodeApi.NodeStatus status = call(() -> local.nodeClient().status());
            status.gateways().forEach(g -> gateways.add(new Endpoint(local.config().host(), g.mysqlPort())));
        }
        out.printf("Local cluster '%s' is up in %.1f s (state in %s).%n", local.config().cluster(), (System.nanoTime() - t0) / 1e9, dir);
        if (gateways.isEmpty()) {
            out.println("No gateway runs yet: shardops up SPEC starts the gateways the spec's cells ask for.");
        }
        for (Endpoint e : gateways) {
            out.println("Connect with: mysql -h " + e.host() + " -P " + e.port() + tlsOptions.getOrDefault(e, ""));
        }
        out.flush();
        return 0;
    }

    private static Cluster valid(LoadResult r) {
        if (r instanceof LoadResult.Valid v) {
            return v.model();
        }
        throw new UserException(String.join("\n", r.problems().stream().map(Problem::render).toList()));
    }

    private static void report(PrintWriter out, ProvisionedObject c) {
        out.println("  " + c);
        out.flush();
    }

    static <T> T call(Supplier<T> s) {
        try {
            return s.get();
        } catch (NodeClient.NodeException e) {
            throw new UserException(e.getMessage());
        }
    }
}
