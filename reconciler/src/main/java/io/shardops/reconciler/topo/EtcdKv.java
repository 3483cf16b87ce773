package io.shardops.reconciler.topo;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.Compare;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.KeyValue;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.api.TxnResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How one call reaches etcd's KV service: its deadline, the retries a read may take, a second try after an expired
 * auth token, and the words a failure is reported in. {@link EtcdTopoStore} says what to read and write; this says how.
 */
final class EtcdKv {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final List<Duration> READ_DEADLINES = List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), CALL_TIMEOUT);

    private final String endpoint;
    private final KVGrpc.KVBlockingStub kv;
    private final boolean authenticated;

    EtcdKv(String endpoint, Channel calls, boolean authenticated) {
        this.endpoint = endpoint;
        this.kv = KVGrpc.newBlockingStub(calls);
        this.authenticated = authenticated;
    }

    /** The stub with the full deadline, for one call. */
    KVGrpc.KVBlockingStub stub() {
        return kv.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A read, tried with growing deadlines: with several members, one cut off keeps a call hanging until keepalive
     * notices (up to 8 s); a short first deadline sends the retry to another member within 2 s. Reads are idempotent,
     * and the last try has the full {@link #CALL_TIMEOUT} so a slow but healthy etcd still answers.
     */
    RangeResponse range(String what, RangeRequest request) {
        StatusRuntimeException last = null;
        for (Duration d : READ_DEADLINES) {
            try {
                return call(what, () -> kv.withDeadlineAfter(d.toMillis(), TimeUnit.MILLISECONDS).range(request));
            } catch (TopoException e) {
                if (!(e.getCause() instanceof StatusRuntimeException sre) || !retryableRead(sre.getStatus().getCode())) {
                    throw e;
                }
                last = sre;
            }
        }
        throw unavailable(what, last);
    }

    private static boolean retryableRead(Status.Code code) {
        return code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.UNAVAILABLE;
    }

    <T> T call(String what, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            if (authenticated && EtcdAuth.invalidToken(e.getStatus())) {
                // the token expired or etcd restarted: the interceptor dropped it, the retry authenticates again
                try {
                    return rpc.get();
                } catch (StatusRuntimeException again) {
                    throw unavailable(what, again);
                }
            }
            throw unavailable(what, e);
        }
    }

    /** One compare-and-swap: {@code onSuccess} when {@code cmp} holds, else {@code onFailure}. */
    TxnResponse txn(String what, Compare cmp, RequestOp onSuccess, RequestOp onFailure) {
        return call(what, () -> stub().txn(TxnRequest.newBuilder()
                .addCompare(cmp).addSuccess(onSuccess).addFailure(onFailure).build()));
    }

    TopoException unavailable(String what, StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String description = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
        if (code == Status.Code.PERMISSION_DENIED || code == Status.Code.UNAUTHENTICATED
                || description.contains("user name is empty") || description.contains("authentication failed")
                || description.contains("invalid auth token")) {
            return new TopoException(TopoException.Kind.UNAVAILABLE, "cannot " + what + " on etcd at " + endpoint + ": etcd refused "
                    + (authenticated ? "the cluster's credentials" : "a call without credentials") + " (" + description + ")."
                    + " Commands on a local cluster read them from its state dir; with --etcd pass --credentials FILE"
                    + " (or set SHARDOPS_CREDENTIALS).", e);
        }
        return new TopoException(TopoException.Kind.UNAVAILABLE,
                "cannot " + what + " on etcd at " + endpoint + ": " + e.getStatus().getCode()
                        + (e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")")
                        + ". Is etcd running there? Start a local cluster with `shardops up` or pass --etcd.",
                e);
    }

    static ByteString bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    /** The smallest key after every key starting with {@code prefix}: etcd's range end for a prefix. */
    static ByteString prefixEnd(String prefix) {
        byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(b, i + 1);
                end[i]++;
                return ByteString.copyFrom(end);
            }
        }
        return ByteString.copyFrom(new byte[] {0}); // every key
    }

    static Versioned versioned(KeyValue kv) {
        return new Versioned(kv.getKey().toStringUtf8(), kv.getValue().toStringUtf8(), kv.getModRevision(), kv.getCreateRevision());
    }

    /** The key was never created (or was deleted since). */
    static Compare absent(String key) {
        return Compare.newBuilder().setKey(bytes(key)).setTarget(Compare.CompareTarget.CREATE)
                .setResult(Compare.CompareResult.EQUAL).setCreateRevision(0).build();
    }

    /** The key was last written at {@code modRevision} (0: it does not exist). */
    static Compare unchangedSince(String key, long modRevision) {
        return Compare.newBuilder().setKey(bytes(key)).setTarget(Compare.CompareTarget.MOD)
                .setResult(Compare.CompareResult.EQUAL).setModRevision(modRevision).build();
    }

    static RequestOp putOp(String key, String value) {
        return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value))).build();
    }

    static RequestOp deleteOp(String key) {
        return RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(bytes(key))).build();
    }

    static RequestOp getOp(String key) {
        return RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(bytes(key))).build();
    }
}
