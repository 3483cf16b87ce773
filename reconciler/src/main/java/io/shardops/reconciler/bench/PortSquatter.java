package io.shardops.reconciler.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Holds a killed mysqld's port so it cannot start again (a server lost for good), and closes every connection
 * made to it at once, as a dead server's host would refuse it: callers fail fast instead of hanging.
 */
public final class PortSquatter implements AutoCloseable {
    private final ServerSocket socket;

    public PortSquatter(int port) throws IOException {
        socket = new ServerSocket();
        socket.setReuseAddress(true);  // the killed server's connections may linger in TIME_WAIT
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread t = new Thread(this::refuse, "port-squatter-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void refuse() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                s.setSoLinger(true, 0);  // a reset, not a polite close
            } catch (IOException e) {
                // closed, or one connection failed: go on until closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
