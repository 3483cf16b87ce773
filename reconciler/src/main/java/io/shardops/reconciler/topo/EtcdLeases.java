package io.shardops.reconciler.topo;

import io.etcd.jetcd.api.LeaseGrantRequest;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.LeaseKeepAliveRequest;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.api.LeaseRevokeRequest;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/** etcd leases for locks: granted, kept alive from a timer while the lock is held, revoked on release. */
final class EtcdLeases {
    private final Channel channel;
    private final BiFunction<String, StatusRuntimeException, TopoException> unavailable;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shardops-etcd-keepalive");
        t.setDaemon(true);
        return t;
    });

    EtcdLeases(Channel channel, BiFunction<String, StatusRuntimeException, TopoException> unavailable) {
        this.channel = channel;
        this.unavailable = unavailable;
    }

    private LeaseGrpc.LeaseBlockingStub blocking() {
        return LeaseGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    long grant(Duration ttl) {
        long seconds = Math.max(1, ttl.toSeconds());
        try {
            return blocking().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(seconds).build()).getID();
        } catch (StatusRuntimeException e) {
            throw unavailable.apply("grant a lease", e);
        }
    }

    void revoke(long lease) {
        try {
            blocking().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(lease).build());
        } catch (StatusRuntimeException e) {
            // the lease is gone already or etcd is: either way the lock ends with the TTL
        }
    }

    /** A lock held on {@code lease}, kept alive every third of its TTL until closed. */
    TopoLock lock(String key, LockHolder holder, long lease, Duration ttl) {
        return new LeaseLock(key, holder, lease, ttl);
    }

    void close() {
        timer.shutdownNow();
    }

    private final class LeaseLock implements TopoLock, StreamObserver<LeaseKeepAliveResponse> {
        private final String key;
        private final LockHolder holder;
        private final long lease;
        private final StreamObserver<LeaseKeepAliveRequest> requests;
        private final ScheduledFuture<?> beat;
        private volatile boolean held = true;

        LeaseLock(String key, LockHolder holder, long lease, Duration ttl) {
            this.key = key;
            this.holder = holder;
            this.lease = lease;
            this.requests = LeaseGrpc.newStub(channel).leaseKeepAlive(this);
            long every = Math.max(200, ttl.toMillis() / 3);
            this.beat = timer.scheduleAtFixedRate(this::sendKeepAlive, every, every, TimeUnit.MILLISECONDS);
        }

        private void sendKeepAlive() {
            if (!held) {
                return;
            }
            try {
                synchronized (requests) {
                    requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(lease).build());
                }
            } catch (RuntimeException e) {
                held = false;
            }
        }

        @Override
        public void onNext(LeaseKeepAliveResponse r) {
            if (r.getTTL() <= 0) {
                held = false; // etcd says the lease expired: the lock is someone else's to take
            }
        }

        @Override
        public void onError(Throwable t) {
            held = false;
        }

        @Override
        public void onCompleted() {
            held = false;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public LockHolder holder() {
            return holder;
        }

        @Override
        public boolean isHeld() {
            return held;
        }

        @Override
        public void close() {
            beat.cancel(false);
            boolean wasHeld = held;
            held = false;
            try {
                synchronized (requests) {
                    requests.onCompleted();
                }
            } catch (RuntimeException e) {
                // the stream already failed
            }
            if (wasHeld) {
                revoke(lease); // deletes the lock key with it
            }
        }
    }
}
