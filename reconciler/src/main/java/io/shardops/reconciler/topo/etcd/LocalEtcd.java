package io.shardops.reconciler.topo.etcd;

import io.shardops.dataplane.process.ChildProcess;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.process.ProcessSpec;
import io.shardops.dataplane.process.ProcessStartException;
import io.shardops.dataplane.process.ReadinessProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One etcd member, on 127.0.0.1 or a host address, started as a child process and stopped by PID: a
 * cluster of its own, or one member of a cluster over several hosts ({@link Config#member}).
 *
 * <pre>{@code
 * try (LocalEtcd etcd = LocalEtcd.start(LocalEtcd.Config.in(dir))) {
 *     Client client = Client.builder().endpoints(etcd.endpoint()).build();
 * }
 * }</pre>
 */
public final class LocalEtcd implements AutoCloseable {
    public static final Path ETCD = Path.of("/usr/bin/etcd");
    private static final int BIND_ATTEMPTS = 3;

    /**
     * How to start etcd.
     *
     * @param dataDir      etcd's data dir; kept across restarts
     * @param logFile      receives etcd's output
     * @param clientPort   0 picks a free port
     * @param peerPort     0 picks a free port
     * @param detached     keeps running after this JVM exits (stop it through its PID file)
     * @param startTimeout how long to wait for {@code /health}
     * @param host         the address it listens on and advertises
     * @param name         its member name
     * @param initialCluster every member as {@code name=http://HOST:PEERPORT}, comma-separated; null: a cluster of one
     * @param launcher     what the command line runs under (e.g. {@code ip netns exec HOST}); empty: nothing
     */
    public record Config(Path dataDir, Path logFile, int clientPort, int peerPort, boolean detached, Duration startTimeout,
                         String host, String name, String initialCluster, List<String> launcher) {
        public Config {
            launcher = List.copyOf(launcher);
        }

        /** etcd in {@code dir/data}, logging to {@code dir/etcd.log}, free ports on 127.0.0.1, stopped with this JVM. */
        public static Config in(Path dir) {
            return new Config(dir.resolve("data"), dir.resolve("etcd.log"), 0, 0, false, Duration.ofSeconds(20),
                    "127.0.0.1", "default", null, List.of());
        }

        public Config withPorts(int client, int peer) {
            return new Config(dataDir, logFile, client, peer, detached, startTimeout, host, name, initialCluster, launcher);
        }

        public Config detach() {
            return new Config(dataDir, logFile, clientPort, peerPort, true, startTimeout, host, name, initialCluster, launcher);
        }

        /** Listen on and advertise {@code address} instead of 127.0.0.1. */
        public Config onHost(String address) {
            return new Config(dataDir, logFile, clientPort, peerPort, detached, startTimeout, address, name, initialCluster, launcher);
        }

        /**
         * One member {@code memberName} of the cluster {@code members} ({@code name=http://HOST:PEERPORT,...});
         * its ports must be given ({@link #withPorts}), as the other members know them.
         */
        public Config member(String memberName, String members) {
            return new Config(dataDir, logFile, clientPort, peerPort, detached, startTimeout, host, memberName, members, launcher);
        }

        /** Runs etcd under {@code prefix}, e.g. {@code ip netns exec NAME}. */
        public Config launchedBy(List<String> prefix) {
            return new Config(dataDir, logFile, clientPort, peerPort, detached, startTimeout, host, name, initialCluster, prefix);
        }

        /** The peer URL this member advertises, for another member's {@code initialCluster}. */
        public String peerUrl() {
            return "http://" + host + ":" + peerPort;
        }
    }

    private final ChildProcess process;
    private final String host;
    private final int clientPort;
    private final int peerPort;

    private LocalEtcd(ChildProcess process, String host, int clientPort, int peerPort) {
        this.process = process;
        this.host = host;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /**
     * Starts etcd and waits until it reports healthy.
     *
     * @throws ProcessStartException when etcd exits during start-up or is not healthy in time (with its log)
     * @throws IOException when {@code /usr/bin/etcd} cannot be run
     */
    public static LocalEtcd start(Config config) throws IOException, ProcessStartException, InterruptedException {
        if (!Files.isExecutable(ETCD)) {
            throw new IOException(ETCD + " is not installed: install Debian's etcd-server (apt-get install etcd-server)");
        }
        for (int port : new int[] {config.clientPort(), config.peerPort()}) {
            // the readiness probe would take another server on that port for our etcd
            if (port != 0 && config.launcher().isEmpty() && FreePorts.inUse(config.host(), port)) {
                throw new IOException("cannot start etcd: " + config.host() + ":" + port + " is already in use by another process; choose another port or stop that process");
            }
        }
        if (Files.exists(config.dataDir()) && !Files.isDirectory(config.dataDir())) {
            throw new IOException("cannot start etcd: its data dir " + config.dataDir() + " is a file, not a directory");
        }
        Files.createDirectories(config.dataDir());
        boolean choosePorts = config.clientPort() == 0 || config.peerPort() == 0;
        for (int attempt = 1; ; attempt++) {
            List<Integer> free = choosePorts ? FreePorts.several(2) : List.of();
            int client = config.clientPort() != 0 ? config.clientPort() : free.get(0);
            int peer = config.peerPort() != 0 ? config.peerPort() : free.get(1);
            List<String> cmd = new ArrayList<>(config.launcher());
            cmd.addAll(command(config, client, peer));
            ProcessSpec spec = ProcessSpec.of("etcd", config.logFile(), cmd);
            if (config.detached()) {
                spec = spec.detached();
            }
            ChildProcess child = ChildProcess.start(spec);
            try {
                child.awaitReady(healthy(config.host(), client), config.startTimeout());
                return new LocalEtcd(child, config.host(), client, peer);
            } catch (ProcessStartException e) {
                // another process may take a port between our choosing it and etcd binding it
                boolean lostPortRace = choosePorts && e.logTail().stream().anyMatch(l -> l.contains("address already in use"));
                if (!lostPortRace || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static List<String> command(Config config, int client, int peer) {
        String clientUrl = "http://" + config.host() + ":" + client;
        String peerUrl = "http://" + config.host() + ":" + peer;
        List<String> cmd = new ArrayList<>();
        cmd.add(ETCD.toString());
        cmd.addAll(List.of(
                "--name", config.name(),
                "--data-dir", config.dataDir().toAbsolutePath().toString(),
                "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", config.initialCluster() == null ? config.name() + "=" + peerUrl : config.initialCluster(),
                "--logger", "zap",
                "--log-outputs", "stderr"));
        return cmd;
    }

    /** Ready when etcd's {@code /health} says {@code "health":"true"} (it has a leader and serves reads). */
    static ReadinessProbe healthy(String host, int clientPort) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        URI uri = URI.create("http://" + host + ":" + clientPort + "/health");
        ReadinessProbe health = () -> {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"health\":\"true\"");
        };
        return ReadinessProbe.tcpPort(host, clientPort).and(new ReadinessProbe() {
            @Override
            public boolean isReady() throws Exception {
                return health.isReady();
            }

            @Override
            public String toString() {
                return uri + " healthy";
            }
        });
    }

    /** The client URL, e.g. {@code http://127.0.0.1:40123}. */
    public String endpoint() {
        return "http://" + host + ":" + clientPort;
    }

    public int clientPort() {
        return clientPort;
    }

    public int peerPort() {
        return peerPort;
    }

    public ChildProcess process() {
        return process;
    }

    /** Stops etcd (SIGTERM, then SIGKILL after 10 s). */
    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
