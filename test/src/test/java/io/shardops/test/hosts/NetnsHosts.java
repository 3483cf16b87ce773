package io.shardops.test.hosts;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Several hosts on one machine, for tests: each host a Linux network namespace with its own address in a
 * private /24, joined to the others by a veth pair to one bridge. The bridge has the network's {@code .1}
 * in the test's own namespace, so the test reaches every host directly (and is reached by none but
 * through what it connects to).
 *
 * <p>Names carry a random suffix (two runs never share a namespace, link or subnet) and everything is
 * removed by {@link #close}, which a JVM shutdown hook also runs, so a failed or killed test leaves
 * nothing behind. Needs root and iproute2's {@code ip}: {@link #unavailable} says why not, for a test to skip.
 *
 * <pre>{@code
 * try (NetnsHosts hosts = NetnsHosts.create(3)) {
 *     Process p = hosts.host(1).start(List.of("etcd", ...), log);
 *     hosts.host(1).cutOff();   // link down: nothing in or out
 *     hosts.host(1).heal();
 *     hosts.host(1).kill();     // every process in the host, SIGKILL
 * }
 * }</pre>
 */
public final class NetnsHosts implements AutoCloseable {
    private static final Path IP = findIp();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String suffix;
    private final String subnet;
    private final String bridge;
    private final List<Host> hosts = new ArrayList<>();
    private final Thread cleanup;
    private volatile boolean closed;

    /** One host: a namespace, its address, and the bridge side of its link. */
    public final class Host {
        private final int index;
        private final String namespace;
        private final String address;
        private final String outside;
        private final String inside;

        private Host(int index) {
            this.index = index;
            this.namespace = "sop" + suffix + "h" + index;
            this.address = subnet + "." + (10 + index);
            this.outside = "sv" + suffix + "h" + index;
            this.inside = "se" + suffix + "h" + index;
        }

        public int index() {
            return index;
        }

        public String name() {
            return "h" + index;
        }

        public String namespace() {
            return namespace;
        }

        /** Its address on the hosts' network. */
        public String address() {
            return address;
        }

        /** The prefix that runs a command inside this host: {@code ip netns exec NAMESPACE}. */
        public List<String> launcher() {
            return List.of(IP.toString(), "netns", "exec", namespace);
        }

        /** {@code command} run inside this host, its output appended to {@code log}. */
        public Process start(List<String> command, Path log) throws IOException {
            List<String> cmd = new ArrayList<>(launcher());
            cmd.addAll(command);
            Files.createDirectories(log.toAbsolutePath().getParent());
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        }

        /** The processes running inside this host now. */
        public List<Long> pids() throws IOException {
            String out = ip("netns", "pids", namespace);
            List<Long> pids = new ArrayList<>();
            for (String line : out.split("\\s+")) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
            return pids;
        }

        /** Kills every process of this host with SIGKILL, as a host that loses power; returns how many. */
        public int kill() throws IOException {
            int n = 0;
            for (int round = 0; round < 5; round++) {
                List<Long> pids = pids();
                if (pids.isEmpty()) {
                    return n;
                }
                for (long pid : pids) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    n++;
                }
                sleep(100);
            }
            return n;
        }

        /** Cuts this host off the network (its link down): its processes run on, nothing reaches them or leaves. */
        public void cutOff() throws IOException {
            ip("link", "set", outside, "down");
        }

        /** Brings its link back up after {@link #cutOff}. */
        public void heal() throws IOException {
            ip("link", "set", outside, "up");
        }

        @Override
        public String toString() {
            return name() + " " + address + " (netns " + namespace + ")";
        }
    }

    private NetnsHosts(String suffix, String subnet) {
        this.suffix = suffix;
        this.subnet = subnet;
        this.bridge = "sb" + suffix;
        this.cleanup = new Thread(this::close, "netns-hosts-cleanup");
    }

    /** Why hosts cannot be made here (not root, no {@code ip}), or empty when they can. */
    public static Optional<String> unavailable() {
        if (IP == null) {
            return Optional.of("iproute2's ip is not installed (apt-get install iproute2)");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root; this test runs as " + System.getProperty("user.name"));
        }
        return Optional.empty();
    }

    /** {@code count} hosts, {@code h1} ... {@code hN} at {@code .11} ... on a fresh private /24. */
    public static NetnsHosts create(int count) throws IOException {
        Optional<String> why = unavailable();
        if (why.isPresent()) {
            throw new IllegalStateException("cannot make hosts: " + why.get());
        }
        String routes = ip("-4", "route", "show");
        String subnet;
        do {
            subnet = "10." + (200 + RANDOM.nextInt(50)) + "." + RANDOM.nextInt(256);
        } while (routes.contains(subnet + "."));
        String suffix = String.format("%05x", RANDOM.nextInt(1 << 20));
        NetnsHosts h = new NetnsHosts(suffix, subnet);
        Runtime.getRuntime().addShutdownHook(h.cleanup);
        try {
            ip("link", "add", h.bridge, "type", "bridge");
            ip("addr", "add", h.bridgeAddress() + "/24", "dev", h.bridge);
            ip("link", "set", h.bridge, "up");
            for (int i = 1; i <= count; i++) {
                Host host = h.new Host(i);
                h.hosts.add(host);
                ip("netns", "add", host.namespace);
                ip("link", "add", host.outside, "type", "veth", "peer", "name", host.inside);
                ip("link", "set", host.inside, "netns", host.namespace);
                ip("link", "set", host.outside, "master", h.bridge);
                ip("link", "set", host.outside, "up");
                ip("-n", host.namespace, "addr", "add", host.address + "/24", "dev", host.inside);
                ip("-n", host.namespace, "link", "set", host.inside, "up");
                ip("-n", host.namespace, "link", "set", "lo", "up");
            }
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
        return h;
    }

    public Host host(int index) {
        return hosts.get(index - 1);
    }

    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** The test's own address on the hosts' network (the bridge's). */
    public String bridgeAddress() {
        return subnet + ".1";
    }

    /** The hosts' network, {@code 10.X.Y.0/24}. */
    public String network() {
        return subnet + ".0/24";
    }

    /** Kills every process of every host, then removes the namespaces and the bridge. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Host host : hosts) {
            try {
                host.kill();
            } catch (IOException | RuntimeException e) {
                // the namespace may be gone already
            }
            try {
                ip("netns", "delete", host.namespace);
            } catch (IOException | RuntimeException e) {
                // idem
            }
            try {
                ip("link", "delete", host.outside);
            } catch (IOException | RuntimeException e) {
                // deleting the namespace removed the pair already
            }
        }
        try {
            ip("link", "delete", bridge);
        } catch (IOException | RuntimeException e) {
            // never made
        }
        if (Thread.currentThread() != cleanup) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs or ran
            }
        }
    }

    private static String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(IP.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.strip());
        }
        return out;
    }

    private static Path findIp() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, "ip");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
