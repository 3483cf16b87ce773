package io.shardops.reconciler.topo;

import io.etcd.jetcd.api.AuthGrpc;
import io.etcd.jetcd.api.AuthenticateRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;

/**
 * etcd v3 authentication over the plain gRPC stubs: {@code Auth/Authenticate} with the user and password
 * gives a token, which every other call carries as the {@code token} metadata header. etcd forgets tokens
 * when it restarts and expires a simple token unused for {@code --auth-token-ttl}; a call refused with
 * "invalid auth token" drops the token, so the next call (or {@link EtcdTopoStore}'s one retry)
 * authenticates again.
 */
final class EtcdAuth implements ClientInterceptor {
    static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);
    /** The one call made without a token: the one that gets it. */
    private static final String AUTHENTICATE = "etcdserverpb.Auth/Authenticate";

    /** How long an etcd found without authentication is believed to stay so before asking again. */
    private static final long AUTH_OFF_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Channel channel;
    private final EtcdCredentials credentials;
    private String token;
    private long authOffUntil;

    /** @param channel the channel without this interceptor, for the Authenticate call itself */
    EtcdAuth(Channel channel, EtcdCredentials credentials) {
        this.channel = channel;
        this.credentials = credentials;
    }

    /**
     * The current token, authenticating when there is none; null when etcd runs without authentication
     * (an etcd outside shardops's care, a test's): then calls go without one, as they must.
     */
    synchronized String token() {
        if (token == null && System.nanoTime() - authOffUntil >= 0) {
            try {
                token = AuthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .authenticate(AuthenticateRequest.newBuilder().setName(credentials.user()).setPassword(credentials.password()).build())
                        .getToken();
            } catch (StatusRuntimeException e) {
                String d = e.getStatus().getDescription();
                if (d == null || !d.contains("authentication is not enabled")) {
                    throw e;
                }
                authOffUntil = System.nanoTime() + AUTH_OFF_RECHECK_NANOS;
            }
        }
        return token;
    }

    /** Forgets {@code stale} (not a newer token another thread got meanwhile). */
    synchronized void invalidate(String stale) {
        if (stale == null) {
            authOffUntil = 0; // refused without a token: auth was turned on meanwhile
        } else if (stale.equals(token)) {
            token = null;
        }
    }

    /** True for etcd's answer to an expired or unknown token, or to none where one is now needed. */
    static boolean invalidToken(Status status) {
        String d = status.getDescription();
        return status.getCode() == Status.Code.UNAUTHENTICATED
                || (d != null && (d.contains("invalid auth token") || d.contains("user name is empty")));
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (method.getFullMethodName().equals(AUTHENTICATE)) {
            return next.newCall(method, options);
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                String used = token();
                if (used != null) {
                    headers.put(TOKEN, used);
                }
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        if (invalidToken(status)) {
                            invalidate(used);
                        }
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }
}
