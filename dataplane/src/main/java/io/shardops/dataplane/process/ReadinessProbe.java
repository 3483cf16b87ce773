package io.shardops.dataplane.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Says whether a starting child is ready to serve. Called repeatedly until it answers true,
 * the child dies, or the start-up timeout passes; an exception counts as "not yet".
 */
@FunctionalInterface
public interface ReadinessProbe {

    boolean isReady() throws Exception;

    /** Ready once a TCP connection to {@code host:port} succeeds. */
    static ReadinessProbe tcpPort(String host, int port) {
        return new ReadinessProbe() {
            @Override
            public boolean isReady() {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), 200);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public String toString() {
                return "TCP port " + host + ":" + port + " open";
            }
        };
    }

    /** Ready once {@code file} exists (a socket file, a marker the child writes). */
    static ReadinessProbe fileExists(Path file) {
        return new ReadinessProbe() {
            @Override
            public boolean isReady() {
                return Files.exists(file);
            }

            @Override
            public String toString() {
                return file + " exists";
            }
        };
    }

    /** Ready when this probe and then {@code next} are. */
    default ReadinessProbe and(ReadinessProbe next) {
        ReadinessProbe first = this;
        return new ReadinessProbe() {
            @Override
            public boolean isReady() throws Exception {
                return first.isReady() && next.isReady();
            }

            @Override
            public String toString() {
                return first + " and " + next;
            }
        };
    }
}
