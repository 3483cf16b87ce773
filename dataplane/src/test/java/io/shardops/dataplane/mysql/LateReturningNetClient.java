package io.shardops.dataplane.mysql;

import io.vertx.core.Future;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A NetClient whose connect returns up to 3 ms after it started the connection, as when a loaded
 * machine deschedules the caller right there: whatever the caller attaches to the returned future
 * then comes after the connection may already have been made and read from.
 */
final class LateReturningNetClient implements NetClient {
    private final NetClient delegate;

    LateReturningNetClient(NetClient delegate) {
        this.delegate = delegate;
    }

    private static <T> T late(T result) {
        long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(3));
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return result;
    }

    @Override
    public Future<NetSocket> connect(int port, String host) {
        return late(delegate.connect(port, host));
    }

    @Override
    public Future<NetSocket> connect(int port, String host, String serverName) {
        return late(delegate.connect(port, host, serverName));
    }

    @Override
    public Future<NetSocket> connect(SocketAddress remoteAddress) {
        return late(delegate.connect(remoteAddress));
    }

    @Override
    public Future<NetSocket> connect(SocketAddress remoteAddress, String serverName) {
        return late(delegate.connect(remoteAddress, serverName));
    }

    @Override
    public Future<NetSocket> connect(ConnectOptions options) {
        return late(delegate.connect(options));
    }

    @Override
    public Future<Void> shutdown(long timeout, TimeUnit unit) {
        return delegate.shutdown(timeout, unit);
    }

    @Override
    public Future<Boolean> updateSSLOptions(ClientSSLOptions options, boolean force) {
        return delegate.updateSSLOptions(options, force);
    }
}
