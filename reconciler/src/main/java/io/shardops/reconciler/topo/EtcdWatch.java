package io.shardops.reconciler.topo;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.WatchCancelRequest;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.etcd.jetcd.api.WatchGrpc;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.function.Consumer;

/** One etcd watch stream over a prefix, delivering {@link WatchEvent}s in order. */
final class EtcdWatch implements TopoWatch, StreamObserver<WatchResponse> {
    private final Consumer<WatchEvent> listener;
    private final String prefix;
    private volatile StreamObserver<WatchRequest> requests;
    private volatile long watchId = -1;
    private volatile long lastRevision;
    private volatile boolean ended;

    private EtcdWatch(String prefix, long afterRevision, Consumer<WatchEvent> listener) {
        this.prefix = prefix;
        this.listener = listener;
        this.lastRevision = afterRevision;
    }

    static EtcdWatch start(Channel channel, String prefix, long afterRevision, Consumer<WatchEvent> listener) {
        EtcdWatch w = new EtcdWatch(prefix, afterRevision, listener);
        // etcd cancels a watch marked so when its member loses the leader (a member cut off from the others keeps
        // its clients' streams open but sees no new revision): the watcher then reads again from another member
        Metadata requireLeader = new Metadata();
        requireLeader.put(Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER), "true");
        w.requests = WatchGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(requireLeader)).watch(w);
        w.requests.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
                .setKey(EtcdKv.bytes(prefix))
                .setRangeEnd(EtcdKv.prefixEnd(prefix))
                .setStartRevision(afterRevision + 1)).build());
        return w;
    }

    @Override
    public synchronized void onNext(WatchResponse r) {
        if (ended) {
            return;
        }
        if (r.getCreated()) {
            watchId = r.getWatchId();
        }
        for (Event e : r.getEventsList()) {
            String key = e.getKv().getKey().toStringUtf8();
            long rev = e.getKv().getModRevision();
            lastRevision = rev;
            listener.accept(e.getType() == Event.EventType.DELETE
                    ? new WatchEvent.Delete(key, rev)
                    : new WatchEvent.Put(key, e.getKv().getValue().toStringUtf8(), rev));
        }
        if (r.getCanceled()) {
            String why = r.getCompactRevision() > 0
                    ? "history of " + prefix + " before revision " + r.getCompactRevision() + " was compacted; read again"
                    : "etcd cancelled the watch of " + prefix + (r.getCancelReason().isEmpty() ? "" : ": " + r.getCancelReason());
            end(why);
        }
    }

    @Override
    public void onError(Throwable t) {
        end("the watch of " + prefix + " failed: " + t.getMessage());
    }

    @Override
    public void onCompleted() {
        end("etcd closed the watch of " + prefix);
    }

    private synchronized void end(String reason) {
        if (!ended) {
            ended = true;
            listener.accept(new WatchEvent.Ended(reason, lastRevision));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        try {
            if (watchId >= 0) {
                requests.onNext(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(watchId)).build());
            }
            requests.onCompleted();
        } catch (RuntimeException e) {
            // the stream is already gone
        }
    }
}
