package io.shardops.reconciler.topo;

import static io.shardops.reconciler.topo.EtcdKv.absent;
import static io.shardops.reconciler.topo.EtcdKv.bytes;
import static io.shardops.reconciler.topo.EtcdKv.deleteOp;
import static io.shardops.reconciler.topo.EtcdKv.getOp;
import static io.shardops.reconciler.topo.EtcdKv.prefixEnd;
import static io.shardops.reconciler.topo.EtcdKv.putOp;
import static io.shardops.reconciler.topo.EtcdKv.unchangedSince;
import static io.shardops.reconciler.topo.EtcdKv.versioned;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.KeyValue;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.TxnResponse;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@link TopoStore} on etcd v3, through the plain gRPC stubs that ship with jetcd ({@code jetcd-grpc}).
 * jetcd-core's own client is built on Vert.x 4's gRPC and fails at run time next to the Vert.x 5 the
 * data plane uses, so this class talks to etcd's KV, Watch and Lease services directly over a shaded
 * Netty transport.
 */
public final class EtcdTopoStore implements TopoStore {
    /** How often {@link #update} retries after losing a compare-and-swap. */
    static final int UPDATE_ATTEMPTS = 32;

    private final String endpoint;
    private final ManagedChannel channel;
    /** {@link #channel} with the auth token on every call when the store has credentials. */
    private final Channel calls;
    private final EtcdKv kv;
    private final EtcdLeases leases;

    private EtcdTopoStore(String endpoint, ManagedChannel channel, Optional<EtcdCredentials> credentials) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.calls = credentials.<Channel>map(c -> ClientInterceptors.intercept(channel, new EtcdAuth(channel, c))).orElse(channel);
        this.kv = new EtcdKv(endpoint, calls, credentials.isPresent());
        this.leases = new EtcdLeases(calls, kv::unavailable);
    }

    /**
     * A store on the etcd at {@code endpoints} (comma-separated client URLs like
     * {@code http://127.0.0.1:2379}; with several, calls go to the members that answer). Connects lazily: the first call reports an
     * unreachable etcd.
     */
    public static EtcdTopoStore connect(String endpoints) {
        return connect(endpoints, Optional.empty());
    }

    /**
     * A store on the etcd at {@code endpoints} that authenticates as {@code credentials} (etcd with auth
     * enabled refuses every call without a token). Connects lazily, as {@link #connect(String)}.
     */
    public static EtcdTopoStore connect(String endpoints, Optional<EtcdCredentials> credentials) {
        EtcdChannels.members(endpoints);  // a malformed endpoint is refused here, not at the first call
        return new EtcdTopoStore(endpoints.trim(), EtcdChannels.open(endpoints), credentials);
    }

    public String endpoint() {
        return endpoint;
    }

    @Override
    public Optional<Versioned> get(String key) {
        RangeResponse r = kv.range("read " + key, RangeRequest.newBuilder().setKey(bytes(key)).build());
        return r.getKvsCount() == 0 ? Optional.empty() : Optional.of(versioned(r.getKvs(0)));
    }

    @Override
    public Listing list(String prefix) {
        RangeResponse r = kv.range("read " + prefix, RangeRequest.newBuilder()
                .setKey(bytes(prefix)).setRangeEnd(prefixEnd(prefix))
                .setSortOrder(RangeRequest.SortOrder.ASCEND).setSortTarget(RangeRequest.SortTarget.KEY)
                .build());
        List<Versioned> out = new ArrayList<>(r.getKvsCount());
        for (KeyValue e : r.getKvsList()) {
            out.add(versioned(e));
        }
        return new Listing(r.getHeader().getRevision(), out);
    }

    /**
     * One keys-only read of one key per cluster, all at the revision of the first: after a cluster's
     * first key the next read starts past the cluster's prefix, so neither its values nor its other
     * keys are fetched.
     */
    @Override
    public List<String> clusters() {
        List<String> out = new ArrayList<>();
        ByteString from = bytes(TopologyKeys.ROOT);
        long revision = 0;  // 0 reads the newest; every later read uses the first one's
        while (true) {
            RangeRequest.Builder next = RangeRequest.newBuilder().setKey(from).setRangeEnd(prefixEnd(TopologyKeys.ROOT))
                    .setKeysOnly(true).setLimit(1).setRevision(revision);
            RangeResponse r = kv.call("list clusters under " + TopologyKeys.ROOT, () -> kv.stub().range(next.build()));
            if (r.getKvsCount() == 0) {
                return out.stream().sorted().toList();
            }
            revision = r.getHeader().getRevision();
            String key = r.getKvs(0).getKey().toStringUtf8();
            String rest = key.substring(TopologyKeys.ROOT.length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                // a key of no cluster: step just past it
                from = r.getKvs(0).getKey().concat(ByteString.copyFrom(new byte[] {0}));
            } else {
                out.add(rest.substring(0, slash));
                from = prefixEnd(TopologyKeys.ROOT + rest.substring(0, slash + 1));
            }
        }
    }

    @Override
    public Listing revisionsOf(List<String> keys) {
        if (keys.isEmpty()) {
            return new Listing(revision(), List.of());
        }
        // one range over the keys' common prefix is one read at one revision, however many keys
        String prefix = commonPrefix(keys);
        Set<String> wanted = new HashSet<>(keys);
        RangeResponse r = kv.call("read revisions under " + prefix, () -> kv.stub().range(RangeRequest.newBuilder()
                .setKey(bytes(prefix)).setRangeEnd(prefixEnd(prefix)).setKeysOnly(true).build()));
        List<Versioned> out = new ArrayList<>();
        for (KeyValue e : r.getKvsList()) {
            String k = e.getKey().toStringUtf8();
            if (wanted.contains(k)) {
                out.add(new Versioned(k, "", e.getModRevision(), e.getCreateRevision()));
            }
        }
        return new Listing(r.getHeader().getRevision(), out);
    }

    static String commonPrefix(List<String> keys) {
        String p = keys.get(0);
        for (String k : keys) {
            int i = 0;
            while (i < p.length() && i < k.length() && p.charAt(i) == k.charAt(i)) {
                i++;
            }
            p = p.substring(0, i);
        }
        return p;
    }

    @Override
    public Versioned create(String key, String value) {
        TxnResponse r = kv.txn("create " + key, absent(key), putOp(key, value), getOp(key));
        if (!r.getSucceeded()) {
            throw new TopoException(TopoException.Kind.NODE_EXISTS, key + " already exists");
        }
        long rev = r.getResponses(0).getResponsePut().getHeader().getRevision();
        return new Versioned(key, value, rev, rev);
    }

    @Override
    public Optional<Versioned> putIfUnchanged(String key, String value, long expectedModRevision) {
        TxnResponse r = kv.txn("write " + key, unchangedSince(key, expectedModRevision), putOp(key, value), getOp(key));
        if (!r.getSucceeded()) {
            return Optional.empty();
        }
        return Optional.of(new Versioned(key, value, r.getHeader().getRevision(), 0));
    }

    @Override
    public Optional<Versioned> update(String key, UnaryOperator<Optional<String>> change) {
        for (int attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
            Optional<Versioned> current = get(key);
            Optional<String> before = current.map(Versioned::value);
            Optional<String> after = change.apply(before);
            if (after == null) {
                throw new IllegalStateException("update of " + key + ": the change returned null, not Optional.empty()");
            }
            if (after.equals(before)) {
                return current; // nothing to write: no revision is spent
            }
            long expected = current.map(Versioned::modRevision).orElse(0L);
            TxnResponse r = kv.txn("update " + key, unchangedSince(key, expected), after.isPresent() ? putOp(key, after.get()) : deleteOp(key), getOp(key));
            if (r.getSucceeded()) {
                long rev = r.getHeader().getRevision();
                return after.map(v -> new Versioned(key, v, rev, current.map(Versioned::createRevision).orElse(rev)));
            }
            backOff(attempt);
        }
        throw new TopoException(TopoException.Kind.TOO_MANY_CONFLICTS,
                "gave up updating " + key + " after " + UPDATE_ATTEMPTS + " attempts: other writers keep changing it");
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(50, attempt * 5L)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopoException(TopoException.Kind.INTERRUPTED, "interrupted", e);
        }
    }

    @Override
    public boolean delete(String key) {
        return kv.call("delete " + key, () -> kv.stub().deleteRange(DeleteRangeRequest.newBuilder().setKey(bytes(key)).build())).getDeleted() > 0;
    }

    @Override
    public long deletePrefix(String prefix) {
        return kv.call("delete " + prefix, () -> kv.stub().deleteRange(DeleteRangeRequest.newBuilder()
                .setKey(bytes(prefix)).setRangeEnd(prefixEnd(prefix)).build())).getDeleted();
    }

    @Override
    public TopoWatch watch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
        return EtcdWatch.start(calls, prefix, afterRevision, listener);
    }

    @Override
    public TopoLock lock(String key, LockHolder holder, Duration ttl, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        String value = LockHolderJson.write(holder);
        long pause = 50;
        while (true) {
            long lease = leases.grant(ttl);
            RequestOp put = RequestOp.newBuilder().setRequestPut(
                    PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).setLease(lease)).build();
            TxnResponse r = kv.txn("lock " + key, absent(key), put, getOp(key));
            if (r.getSucceeded()) {
                return leases.lock(key, holder, lease, ttl);
            }
            leases.revoke(lease);
            RangeResponse held = r.getResponses(0).getResponseRange();
            Optional<LockHolder> holderFound = held.getKvsCount() == 0 ? Optional.empty()
                    : LockHolderJson.read(held.getKvs(0).getValue().toStringUtf8());
            if (holderFound.isPresent() && holderFound.get().diedOnThisHost() && takeOver(key, held.getKvs(0).getModRevision())) {
                continue;  // its process is gone: no need to wait out its lease
            }
            String holderText = held.getKvsCount() == 0 ? "someone who just released it"
                    : holderFound.map(LockHolder::describe).orElse("an unknown holder");
            if (System.nanoTime() >= deadline) {
                throw new TopoException(TopoException.Kind.LOCK_HELD,
                        key + " is locked by " + holderText
                                + ". Wait for it to finish; a holder that died on another host frees the lock after " + ttl.toSeconds()
                                + " s (one that died on this host is taken over at once).");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopoException(TopoException.Kind.INTERRUPTED, "interrupted while waiting for " + key, e);
            }
            pause = Math.min(500, pause * 2);
        }
    }

    /** Deletes the lock key of a holder known dead, if nobody took the lock since (same mod revision). */
    private boolean takeOver(String key, long modRevision) {
        return kv.txn("take over " + key + " from a holder that died", unchangedSince(key, modRevision), deleteOp(key), getOp(key)).getSucceeded();
    }

    @Override
    public Optional<LockHolder> lockHolder(String key) {
        return get(key).flatMap(v -> LockHolderJson.read(v.value()));
    }

    @Override
    public long revision() {
        return kv.call("read the revision", () -> kv.stub().range(RangeRequest.newBuilder()
                .setKey(bytes("\0")).setLimit(1).setCountOnly(true).build())).getHeader().getRevision();
    }

    @Override
    public void close() {
        leases.close();
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
