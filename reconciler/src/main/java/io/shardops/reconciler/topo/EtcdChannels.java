package io.shardops.reconciler.topo;

import io.grpc.EquivalentAddressGroup;
import io.grpc.ManagedChannel;
import io.grpc.NameResolver;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * gRPC channels to an etcd cluster given as client URLs ({@code http://10.0.0.11:2379,http://10.0.0.12:2379}).
 * Every member is an address of one channel, balanced round robin over the members that accept a
 * connection: a member that dies or is cut off costs the calls in flight on it, and the next calls go
 * to the others. (etcd's simple auth tokens are agreed through Raft, so any member accepts a token
 * another member issued.)
 */
final class EtcdChannels {
    private static final String SCHEME = "shardops-etcd";

    private EtcdChannels() {}

    /** The members' host and port, in the order given. */
    static List<InetSocketAddress> members(String endpoints) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String e : endpoints.split(",")) {
            String t = e.trim();
            if (t.isEmpty()) {
                continue;
            }
            URI uri = URI.create(t.contains("://") ? t : "http://" + t);
            if (uri.getHost() == null || uri.getPort() <= 0) {
                throw new IllegalArgumentException("etcd endpoint must look like http://HOST:PORT, got '" + t + "'");
            }
            out.add(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no etcd endpoint given (expected http://HOST:PORT[,http://HOST:PORT...])");
        }
        return List.copyOf(out);
    }

    /** One channel over every member of {@code endpoints}; a single member gets a plain channel. */
    static ManagedChannel open(String endpoints) {
        List<InetSocketAddress> members = members(endpoints);
        if (members.size() == 1) {
            return NettyChannelBuilder.forAddress(members.get(0).getHostString(), members.get(0).getPort())
                    .usePlaintext().maxInboundMessageSize(64 * 1024 * 1024).build();
        }
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (InetSocketAddress m : members) {
            groups.add(new EquivalentAddressGroup(new InetSocketAddress(m.getHostString(), m.getPort())));
        }
        @SuppressWarnings("deprecation")
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(SCHEME + ":///" + members.get(0).getHostString())
                .nameResolverFactory(new Members(groups, members.get(0).getHostString() + ":" + members.get(0).getPort()));
        // keepalive finds a member cut off (its connection still looks open) so round robin stops sending it calls;
        // etcd refuses pings more often than every 5 s (--grpc-keepalive-min-time)
        return builder.defaultLoadBalancingPolicy("round_robin")
                .keepAliveTime(5, TimeUnit.SECONDS).keepAliveTimeout(3, TimeUnit.SECONDS)
                .usePlaintext().maxInboundMessageSize(64 * 1024 * 1024).build();
    }

    /** A fixed list of addresses, handed to the channel once. */
    private static final class Members extends NameResolver.Factory {
        private final List<EquivalentAddressGroup> groups;
        private final String authority;

        Members(List<EquivalentAddressGroup> groups, String authority) {
            this.groups = List.copyOf(groups);
            this.authority = authority;
        }

        @Override
        public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
            return new NameResolver() {
                @Override
                public String getServiceAuthority() {
                    return authority;
                }

                @Override
                public void start(Listener2 listener) {
                    listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
                }

                @Override
                public void shutdown() {
                    // nothing held
                }
            };
        }

        @Override
        public String getDefaultScheme() {
            return SCHEME;
        }
    }
}
