package io.shardops.reconciler.gitops.server;

import io.vertx.core.net.HostAndPort;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the reconciler's HTTP server guards itself against clients that are not browsers of its own page
 * or GitHub: the host names a request may be addressed to (a DNS-rebinding page reaches the server
 * under its own name), and how long a client may take to send a request's headers and the rest of it
 * (a slow-loris client keeps connections open by sending a request a byte at a time).
 *
 * @param allowedHosts   lowercase host names and addresses (without port) a {@code Host} header may name
 * @param headerTimeout  from a connection's start, or the end of its last response, until the next request's headers are in
 * @param requestTimeout from a request's headers until its body is in
 * @param idleTimeout    a connection with no traffic at all for this long is closed
 */
public record WebOptions(Set<String> allowedHosts, Duration headerTimeout, Duration requestTimeout, Duration idleTimeout) {
    public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The names of this host's loopback interface: what a browser on this host uses. */
    public static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    public WebOptions {
        TreeSet<String> hosts = new TreeSet<>();
        for (String h : allowedHosts) {
            hosts.add(normalize(h));
        }
        allowedHosts = Set.copyOf(hosts);
    }

    /**
     * Loopback names, the address the server listens on (unless a wildcard) and {@code extraHosts}
     * ({@code --allowed-host}: the name GitHub or a browser uses to reach it), with the default timeouts.
     */
    public static WebOptions defaults(String listenHost, Collection<String> extraHosts) {
        TreeSet<String> hosts = new TreeSet<>(LOOPBACK);
        String listen = normalize(listenHost);
        if (!listen.equals("0.0.0.0") && !listen.equals("::") && !listen.isEmpty()) {
            hosts.add(listen);
        }
        extraHosts.forEach(h -> hosts.add(normalize(h)));
        return new WebOptions(hosts, HEADER_TIMEOUT, REQUEST_TIMEOUT, IDLE_TIMEOUT);
    }

    public WebOptions withTimeouts(Duration header, Duration request, Duration idle) {
        return new WebOptions(allowedHosts, header, request, idle);
    }

    /** Whether a request's authority (its {@code Host} header) names this server. */
    public boolean admitsHost(HostAndPort authority) {
        return authority != null && admitsHost(authority.host());
    }

    /** Whether a request's {@code Host} header (with or without a port) names this server. */
    public boolean admitsHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        return allowedHosts.contains(hostOf(hostHeader));
    }

    /** {@code name:port}, {@code [v6]:port} or a bare name or address, lowercase, without a trailing dot. */
    static String hostOf(String hostHeader) {
        String h = hostHeader.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return normalize(end < 0 ? h.substring(1) : h.substring(1, end));
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && colon == h.lastIndexOf(':')) {
            h = h.substring(0, colon);
        }
        return normalize(h);
    }

    private static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
