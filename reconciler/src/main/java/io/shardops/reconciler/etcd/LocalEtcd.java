package io.shardops.reconciler.etcd;

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
 * One etcd member on 127.0.0.1, started as a child process and stopped by PID.
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
     */
    public record Config(Path dataDir, Path logFile, int clientPort, int peerPort, boolean detached, Duration startTimeout) {
        /** etcd in {@code dir/data}, logging to {@code dir/etcd.log}, free ports, stopped with this JVM. */
        public static Config in(Path dir) {
            return new Config(dir.resolve("data"), dir.resolve("etcd.log"), 0, 0, false, Duration.ofSeconds(20));
        }

        public Config withPorts(int client, int peer) {
            return new Config(dataDir, logFile, client, peer, detached, startTimeout);
        }

        public Config detach() {
            return new Config(dataDir, logFile, clientPort, peerPort, true, startTimeout);
        }
    }

    private final ChildProcess process;
    private final int clientPort;
    private final int peerPort;

    private LocalEtcd(ChildProcess process, int clientPort, int peerPort) {
        this.process = process;
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
            if (port != 0 && FreePorts.inUse(port)) {
                throw new IOException("cannot start etcd: 127.0.0.1:" + port + " is already in use by another process; choose another port or stop that process");
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
            ProcessSpec spec = ProcessSpec.of("etcd", config.logFile(), command(config.dataDir(), client, peer));
            if (config.detached()) {
                spec = spec.detached();
            }
            ChildProcess child = ChildProcess.start(spec);
            try {
                child.awaitReady(healthy(client), config.startTimeout());
                return new LocalEtcd(child, client, peer);
            } catch (ProcessStartException e) {
                // another process may take a port between our choosing it and etcd binding it
                boolean lostPortRace = choosePorts && e.logTail().stream().anyMatch(l -> l.contains("address already in use"));
                if (!lostPortRace || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static List<String> command(Path dataDir, int client, int peer) {
        String clientUrl = "http://127.0.0.1:" + client;
        String peerUrl = "http://127.0.0.1:" + peer;
        List<String> cmd = new ArrayList<>();
        cmd.add(ETCD.toString());
        cmd.addAll(List.of(
                "--name", "default",
                "--data-dir", dataDir.toAbsolutePath().toString(),
                "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "default=" + peerUrl,
                "--logger", "zap",
                "--log-outputs", "stderr"));
        return cmd;
    }

    /** Ready when etcd's {@code /health} says {@code "health":"true"} (it has a leader and serves reads). */
    static ReadinessProbe healthy(int clientPort) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        URI uri = URI.create("http://127.0.0.1:" + clientPort + "/health");
        ReadinessProbe health = () -> {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"health\":\"true\"");
        };
        return ReadinessProbe.tcpPort("127.0.0.1", clientPort).and(new ReadinessProbe() {
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
        return "http://127.0.0.1:" + clientPort;
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
