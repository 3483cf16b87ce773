package io.shardops.reconciler.host.local;

import io.shardops.dataplane.files.FileTrees;
import io.shardops.dataplane.process.ChildProcess;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.process.PidDirectory;
import io.shardops.dataplane.process.PidFile;
import io.shardops.dataplane.process.ProcessSpec;
import io.shardops.dataplane.process.ProcessStartException;
import io.shardops.dataplane.process.ReadinessProbe;
import io.shardops.dataplane.credentials.BearerToken;
import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.reconciler.topo.etcd.LocalEtcd;
import io.shardops.reconciler.topo.EtcdAuthSetup;
import io.shardops.reconciler.topo.EtcdCredentials;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.provision.ProvisionedObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The processes of a local cluster as seen from the CLI: a detached etcd and a detached node daemon,
 * both recorded in the state dir's {@code pids/} so any later {@code shardops} finds and stops them.
 */
public final class LocalCluster {
    public static final String ETCD = "etcd";
    public static final String NODE = "node";
    public static final String DEFAULT_CLUSTER = "local";
    private static final Duration NODE_START_TIMEOUT = Duration.ofSeconds(120);
    /** The node stops its tablets (a clean InnoDB shutdown each) before it exits. */
    private static final Duration NODE_STOP_GRACE = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StateDir dir;
    private LocalConfig config;
    private volatile ClusterCredentials credentials;

    private LocalCluster(StateDir dir, LocalConfig config) {
        this.dir = dir;
        this.config = config;
    }

    /**
     * The cluster of {@code dir}; creates {@code local.json} with free ports when there is none, and the
     * cluster's random credentials ({@link StateDir#credentialsFile}, mode 0600) when there are none.
     */
    public static LocalCluster open(StateDir dir, String clusterName) throws IOException {
        Optional<LocalConfig> existing = LocalConfig.read(dir);
        LocalCluster cluster;
        if (existing.isPresent()) {
            cluster = new LocalCluster(dir, existing.get());
        } else {
            List<Integer> ports = FreePorts.several(3);
            LocalConfig c = new LocalConfig(clusterName == null ? DEFAULT_CLUSTER : clusterName, ports.get(0), ports.get(1), ports.get(2));
            Files.createDirectories(dir.root());
            c.write(dir);
            cluster = new LocalCluster(dir, c);
        }
        if (ClusterCredentials.read(dir.credentialsFile()).isEmpty()) {
            ClusterCredentials.generate().write(dir.credentialsFile());
        }
        return cluster;
    }

    /** The cluster's credentials from its state dir; {@link #open} made them. */
    public ClusterCredentials credentials() {
        ClusterCredentials c = credentials;
        if (c == null) {
            c = readCredentials(dir);
            credentials = c;
        }
        return c;
    }

    /** The credentials of the cluster in {@code dir}, or a {@link LocalClusterException} saying how to get them. */
    public static ClusterCredentials readCredentials(StateDir dir) {
        try {
            return ClusterCredentials.read(dir.credentialsFile()).orElseThrow(() -> new LocalClusterException(
                    "the local cluster in " + dir + " has no credentials at " + dir.credentialsFile()
                            + "; a cluster started by an older shardops: run shardops down, then shardops up"));
        } catch (IOException e) {
            throw new LocalClusterException("cannot read the cluster's credentials: " + e.getMessage());
        }
    }

    /**
     * New random credentials for this stopped cluster: etcd (started when needed) changes its root password
     * now; the MariaDB accounts (init file) and the control token take effect at the next start. The new file
     * replaces the old only after etcd took the new password, so a failure leaves the old credentials working.
     */
    public void rotateCredentials() throws IOException {
        ClusterCredentials old = credentials();
        ClusterCredentials next = ClusterCredentials.generate();
        ensureEtcd();
        Path pending = dir.credentialsFile().resolveSibling("credentials.json.next");
        next.write(pending);
        try {
            EtcdAuthSetup.changePassword(config.etcdEndpoint(), EtcdCredentials.of(old), EtcdCredentials.of(next));
        } catch (RuntimeException e) {
            Files.deleteIfExists(pending);
            throw new LocalClusterException("etcd did not take the new password; the old credentials stay: " + e.getMessage());
        }
        Files.move(pending, dir.credentialsFile(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        credentials = next;
    }

    /** A topology store on this cluster's etcd, authenticated with its credentials. */
    public EtcdTopoStore topoStore() {
        return EtcdTopoStore.connect(config.etcdEndpoint(), Optional.of(EtcdCredentials.of(credentials())));
    }

    /** The cluster of {@code dir} if it was ever started there. */
    public static Optional<LocalCluster> existing(StateDir dir) throws IOException {
        return LocalConfig.read(dir).map(c -> new LocalCluster(dir, c));
    }

    public StateDir stateDir() {
        return dir;
    }

    public LocalConfig config() {
        return config;
    }

    public NodeClient nodeClient() {
        return new NodeClient(config.nodeUrl(), new BearerToken(credentials().controlToken()));
    }

    /** Records a new cluster name (only sensible while no tablet exists); the node must be restarted to see it. */
    public void rename(String clusterName) throws IOException {
        config = config.withCluster(clusterName);
        config.write(dir);
    }

    // ---- etcd

    /** Whether etcd (for a cluster over several hosts: one of its members) reports healthy. */
    public boolean etcdHealthy() {
        return EtcdHealth.anyHealthy(config.etcdEndpoint());
    }

    /**
     * Starts etcd unless ours runs and is healthy; keeps its ports unless another program took them. An etcd
     * run outside the state dir ({@link LocalConfig#externalEtcd}, several hosts) is only checked, and its
     * authentication turned on as for our own.
     */
    public ProvisionedObject ensureEtcd() {
        PidDirectory pids = dir.pids();
        if (config.externalEtcd()) {
            return ensureExternalEtcd();
        }
        try {
            Optional<PidFile> recorded = recorded(ETCD);
            if (recorded.flatMap(PidFile::liveProcess).isPresent()) {
                if (awaitHealthy(Duration.ofSeconds(10))) {
                    EtcdAuthSetup.Result auth = EtcdAuthSetup.ensure(config.etcdEndpoint(), EtcdCredentials.of(credentials()));
                    return new ProvisionedObject(auth == EtcdAuthSetup.Result.ENABLED ? ProvisionedObject.Effect.UPDATED : ProvisionedObject.Effect.UNCHANGED,
                            "process", "etcd " + config.etcdEndpoint());
                }
                recorded.get().stop(STOP_GRACE);
            }
            if (FreePorts.inUse(config.host(), config.etcdClientPort()) || FreePorts.inUse(config.host(), config.etcdPeerPort())) {
                List<Integer> ports = FreePorts.several(2);
                config = config.withEtcdPorts(ports.get(0), ports.get(1));
                config.write(dir);
            }
            LocalEtcd etcd = LocalEtcd.start(LocalEtcd.Config.in(dir.etcdDir()).onHost(config.host())
                    .withPorts(config.etcdClientPort(), config.etcdPeerPort()).detach());
            pids.record(etcd.process());
            // from here on etcd answers only the cluster's root user
            EtcdAuthSetup.ensure(config.etcdEndpoint(), EtcdCredentials.of(credentials()));
            return new ProvisionedObject(ProvisionedObject.Effect.CREATED, "process", "etcd " + config.etcdEndpoint());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProcessStartException e) {
            throw new LocalClusterException("etcd did not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while starting etcd");
        }
    }

    private ProvisionedObject ensureExternalEtcd() {
        try {
            if (!awaitHealthy(Duration.ofSeconds(20))) {
                throw new LocalClusterException("no member of the etcd cluster at " + config.etcdEndpoint()
                        + " is healthy; start its members (see docs/multi-host.md) and run again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while waiting for etcd at " + config.etcdEndpoint());
        }
        EtcdAuthSetup.Result auth = EtcdAuthSetup.ensure(config.etcdEndpoint(), EtcdCredentials.of(credentials()));
        return new ProvisionedObject(auth == EtcdAuthSetup.Result.ENABLED ? ProvisionedObject.Effect.UPDATED : ProvisionedObject.Effect.UNCHANGED,
                "process", "etcd " + config.etcdEndpoint());
    }

    /**
     * Places this state dir's node on a host of a cluster over several hosts: it listens on and advertises
     * {@code address}, uses the etcd cluster at {@code etcdEndpoints} (null: its own etcd on {@code address})
     * and takes what {@code runs} says ({@code tablets}, {@code gateways}; null: both). A running node must
     * be restarted to see it ({@link #ensureNode} does).
     */
    public void placeOnHost(String address, String etcdEndpoints, String runs) throws IOException {
        LocalConfig next = config.onHost(address, etcdEndpoints, runs);
        if (!next.equals(config)) {
            config = next;
            config.write(dir);
        }
    }

    /** How long the node's failover monitor waits before it marks a silent tablet lost; the node reads it at its start. */
    public void keepLostAfter(int seconds) throws IOException {
        LocalConfig next = config.withLostAfterSeconds(seconds);
        if (!next.equals(config)) {
            config = next;
            config.write(dir);
        }
    }

    private boolean awaitHealthy(Duration timeout) throws InterruptedException {
        return EtcdHealth.await(config.etcdEndpoint(), timeout);
    }

    // ---- node

    /** The running node's health, when ours answers. */
    public Optional<NodeApi.Health> nodeHealth() {
        return nodeClient().health().filter(h -> recordedPid(NODE).map(p -> p == h.pid()).orElse(false));
    }

    /**
     * Starts the node daemon unless ours answers its health check for this cluster; a node of another
     * cluster name (the spec was renamed before any tablet existed) is restarted.
     */
    public ProvisionedObject ensureNode() {
        Optional<NodeApi.Health> health = nodeHealth();
        if (health.isPresent() && health.get().cluster().equals(config.cluster()) && health.get().etcd().equals(config.etcdEndpoint())) {
            return new ProvisionedObject(ProvisionedObject.Effect.UNCHANGED, "process", "node " + config.nodeUrl());
        }
        try {
            Optional<PidFile> old = recorded(NODE);
            if (old.isPresent()) {
                old.get().stop(NODE_STOP_GRACE);
                dir.pids().forget(NODE);
            }
            if (FreePorts.inUse(config.host(), config.nodePort())) {
                config = config.withNodePort(FreePorts.one());
                config.write(dir);
            }
            ProcessSpec spec = ProcessSpec.of(NODE, dir.nodeLog(), NodeCommandLine.of(dir)).detached();
            ChildProcess child = ChildProcess.start(spec);
            dir.pids().record(child);
            NodeClient client = nodeClient();
            long pid = child.pid();
            child.awaitReady(() -> client.health().map(h -> h.pid() == pid).orElse(false), NODE_START_TIMEOUT);
            return new ProvisionedObject(health.isPresent() ? ProvisionedObject.Effect.UPDATED : ProvisionedObject.Effect.CREATED, "process", "node " + config.nodeUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProcessStartException e) {
            throw new LocalClusterException("the shardops node did not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while starting the shardops node");
        }
    }

    // ---- down

    /** One process {@link #down} looked at. */
    public record Stopped(String name, long pid, PidFile.StopResult result) {
        @Override
        public String toString() {
            return switch (result) {
                case STOPPED -> "stopped " + name + " (pid " + pid + ")";
                case NOT_RUNNING -> name + " was not running (pid " + pid + ")";
                case PID_REUSED -> name + " is gone (pid " + pid + " now belongs to another program, left alone)";
                case STILL_RUNNING -> "could not stop " + name + " (pid " + pid + ")";
            };
        }
    }

    /**
     * Stops the node (which stops its tablets and their mysqlds), then any mysqld still recorded,
     * then etcd. Safe to run twice: the second run finds nothing to stop.
     */
    public static List<Stopped> down(StateDir dir) throws IOException {
        PidDirectory pids = dir.pids();
        List<PidFile> all = pids.list();
        List<PidFile> ordered = new ArrayList<>();
        all.stream().filter(p -> p.name().equals(NODE)).forEach(ordered::add);
        all.stream().filter(p -> !p.name().equals(NODE) && !p.name().equals(ETCD))
                .sorted(Comparator.comparing(PidFile::name)).forEach(ordered::add);
        all.stream().filter(p -> p.name().equals(ETCD)).forEach(ordered::add);
        List<Stopped> out = new ArrayList<>();
        for (PidFile p : ordered) {
            if (!Files.exists(pids.fileFor(p.name()))) {
                // the node stopped this mysqld with its tablet, and forgot it
                out.add(new Stopped(p.name() + " (by the node)", p.pid(), PidFile.StopResult.STOPPED));
                continue;
            }
            PidFile.StopResult r = p.stop(p.name().equals(NODE) ? NODE_STOP_GRACE : STOP_GRACE);
            out.add(new Stopped(p.name(), p.pid(), r));
            if (r != PidFile.StopResult.STILL_RUNNING) {
                pids.forget(p.name());
            }
        }
        return out;
    }

    /** Deletes the state dir (after {@link #down}). */
    public static void purge(StateDir dir) throws IOException {
        FileTrees.deleteRecursively(dir.root());
    }


    private Optional<PidFile> recorded(String name) throws IOException {
        Path f = dir.pids().fileFor(name);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(PidFile.read(f));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<Long> recordedPid(String name) {
        try {
            return recorded(name).flatMap(PidFile::liveProcess).map(ProcessHandle::pid);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A local cluster could not be brought up; the message says why and where the log is. */
    public static final class LocalClusterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LocalClusterException(String message) {
            super(message);
        }
    }
}
