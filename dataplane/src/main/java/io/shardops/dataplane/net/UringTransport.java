package io.shardops.dataplane.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.impl.transports.IoUringTransport;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;

/**
 * Vert.x's io_uring transport with Unix domain sockets added: Vert.x 5.0's own refuses them, but a tablet
 * reaches its MariaDB over that server's socket (cheaper per packet than loopback TCP), and Netty's io_uring
 * transport has had domain socket channels since 4.2. TCP goes to Vert.x's implementation unchanged.
 */
final class UringTransport implements Transport {
    private final IoUringTransport tcp = new IoUringTransport();

    @Override
    public boolean supportsDomainSockets() {
        return true;
    }

    @Override
    public boolean supportFileRegion() {
        return tcp.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
        return tcp.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return tcp.unavailabilityCause();
    }

    @Override
    public java.net.SocketAddress convert(io.vertx.core.net.SocketAddress address) {
        return address.isDomainSocket() ? new DomainSocketAddress(address.path()) : tcp.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(java.net.SocketAddress address) {
        return tcp.convert(address);
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        return tcp.ioHandlerFactory();
    }

    @Override
    public DatagramChannel datagramChannel() {
        return tcp.datagramChannel();
    }

    @Override
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
        return tcp.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        return domainSocket ? IoUringDomainSocketChannel::new : tcp.channelFactory(false);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
        return domainSocket ? IoUringServerDomainSocketChannel::new : tcp.serverChannelFactory(false);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
        tcp.configure(channel, options);
    }

    @Override
    public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
        if (domainSocket) {
            Transport.super.configure(options, true, bootstrap);  // the TCP options do not apply
        } else {
            tcp.configure(options, false, bootstrap);
        }
    }

    @Override
    public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
        if (domainSocket) {
            Transport.super.configure(options, connectTimeout, true, bootstrap);
        } else {
            tcp.configure(options, connectTimeout, false, bootstrap);
        }
    }
}
