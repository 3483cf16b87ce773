package io.shardops.dataplane.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free TCP ports on 127.0.0.1, chosen by the OS. A port is free when returned; a child that
 * binds it moments later can still lose a race with another process, so a start-up that fails
 * to bind should pick new ports and retry.
 */
public final class FreePorts {
    private FreePorts() {}

    public static int one() {
        return several(1).get(0);
    }

    /** {@code n} distinct free ports (all held open together while choosing, so they differ). */
    public static List<Integer> several(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports.add(s.getLocalPort());
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own does not fail in practice
                }
            }
        }
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    public static boolean inUse(int port) {
        return inUse("127.0.0.1", port);
    }

    /** Whether something accepts connections on {@code host}:{@code port} (a host address of this machine). */
    public static boolean inUse(String host, int port) {
        try {
            return ReadinessProbe.tcpPort(host, port).isReady();
        } catch (Exception e) {
            return false;
        }
    }
}
