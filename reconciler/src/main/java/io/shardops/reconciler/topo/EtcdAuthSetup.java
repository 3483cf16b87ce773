package io.shardops.reconciler.topo;

import io.etcd.jetcd.api.AuthEnableRequest;
import io.etcd.jetcd.api.AuthGrpc;
import io.etcd.jetcd.api.AuthRoleAddRequest;
import io.etcd.jetcd.api.AuthUserAddRequest;
import io.etcd.jetcd.api.AuthUserChangePasswordRequest;
import io.etcd.jetcd.api.AuthUserGrantRoleRequest;
import io.etcd.jetcd.api.AuthenticateRequest;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;

/**
 * Turns on etcd's authentication for a cluster's own etcd: the {@code root} role and user with the
 * cluster's password, then {@code AuthEnable}. Idempotent: an etcd whose auth is on and accepts the
 * password is left alone.
 */
public final class EtcdAuthSetup {
    /** What {@link #ensure} did. */
    public enum Result { ENABLED, ALREADY_ENABLED }

    private EtcdAuthSetup() {}

    public static Result ensure(String endpoint, EtcdCredentials credentials) {
        ManagedChannel channel = channel(endpoint);
        try {
            AuthGrpc.AuthBlockingStub auth = AuthGrpc.newBlockingStub(channel);
            try {
                stub(auth).authenticate(AuthenticateRequest.newBuilder().setName(credentials.user()).setPassword(credentials.password()).build());
                return Result.ALREADY_ENABLED;
            } catch (StatusRuntimeException e) {
                if (!describes(e, "authentication is not enabled")) {
                    throw new TopoException(TopoException.Kind.UNAVAILABLE, "etcd at " + endpoint + " has authentication on and refused the"
                            + " cluster's credentials (" + e.getStatus().getDescription() + "); restore the credentials file the cluster"
                            + " was started with", e);
                }
            }
            ignoring("role name already exists", () -> stub(auth).roleAdd(AuthRoleAddRequest.newBuilder().setName("root").build()));
            boolean added = ignoring("user name already exists", () -> stub(auth).userAdd(AuthUserAddRequest.newBuilder()
                    .setName(credentials.user()).setPassword(credentials.password()).build()));
            if (!added) {
                stub(auth).userChangePassword(AuthUserChangePasswordRequest.newBuilder()
                        .setName(credentials.user()).setPassword(credentials.password()).build());
            }
            ignoring("already", () -> stub(auth).userGrantRole(AuthUserGrantRoleRequest.newBuilder()
                    .setUser(credentials.user()).setRole("root").build()));
            stub(auth).authEnable(AuthEnableRequest.getDefaultInstance());
            return Result.ENABLED;
        } catch (StatusRuntimeException e) {
            throw new TopoException(TopoException.Kind.UNAVAILABLE, "cannot enable authentication on etcd at " + endpoint + ": "
                    + e.getStatus().getCode() + " (" + e.getStatus().getDescription() + ")", e);
        } finally {
            channel.shutdownNow();
        }
    }

    /** Changes the password of {@code current}'s user to {@code next}'s, authenticated as {@code current} (a rotation). */
    public static void changePassword(String endpoint, EtcdCredentials current, EtcdCredentials next) {
        ManagedChannel channel = channel(endpoint);
        try {
            AuthGrpc.AuthBlockingStub auth = AuthGrpc.newBlockingStub(ClientInterceptors.intercept(channel, new EtcdAuth(channel, current)));
            stub(auth).userChangePassword(AuthUserChangePasswordRequest.newBuilder()
                    .setName(next.user()).setPassword(next.password()).build());
        } catch (StatusRuntimeException e) {
            throw new TopoException(TopoException.Kind.UNAVAILABLE, "cannot change the etcd password at " + endpoint + ": "
                    + e.getStatus().getCode() + " (" + e.getStatus().getDescription() + ")", e);
        } finally {
            channel.shutdownNow();
        }
    }

    private static AuthGrpc.AuthBlockingStub stub(AuthGrpc.AuthBlockingStub s) {
        return s.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static boolean describes(StatusRuntimeException e, String text) {
        return e.getStatus().getDescription() != null && e.getStatus().getDescription().contains(text);
    }

    /** Runs {@code rpc}; false when etcd answered that it was done already. */
    private static boolean ignoring(String alreadyDone, Runnable rpc) {
        try {
            rpc.run();
            return true;
        } catch (StatusRuntimeException e) {
            if (describes(e, alreadyDone)) {
                return false;
            }
            throw e;
        }
    }

    private static ManagedChannel channel(String endpoints) {
        return EtcdChannels.open(endpoints);
    }
}
