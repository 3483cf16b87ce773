package io.shardops.dataplane.tablet.copy;

import io.shardops.dataplane.replication.GtidPosition;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The catch-up phase of a stream, run on the target primary: reads the source's binlog from the
 * stream's stored GTID position, keeps row events of the stream's tables whose rows its selectors
 * accept, and applies them to the target (REPLACE for the new image, DELETE by primary key for the old),
 * together with the new position in the same target transaction. A restart resumes at the stored
 * position; re-applying an event is harmless because every change is an upsert or a delete.
 *
 * <p>The pieces: a {@link BinlogReader} thread assembles source transactions ({@link TransactionAssembler}) into a
 * bounded {@link TransactionQueue}; a {@link GroupApplier} thread applies what waits there in groups through a
 * {@link RowWriter}. This class starts and stops them and answers for the stream.
 *
 * <p>Limits of this first version: DDL in the source binlog is skipped (the position moves past it);
 * temporal and unsigned column values are passed as the binlog library decodes them.
 */
public final class BinlogCatchUp implements AutoCloseable {
    /** Source transactions applied in one target transaction at most. */
    static final int MAX_GROUP = 500;
    /** Source transactions read ahead of the applier at most; past it the reader waits (and the source's binlog with it). */
    private static final int MAX_READ_AHEAD = 5_000;

    private final CatchUpConfig config;
    private final TransactionQueue queue = new TransactionQueue(MAX_READ_AHEAD);
    private volatile boolean closing;
    private volatile String error;
    private volatile BinlogReader reader;
    private volatile GroupApplier applier;
    /** The target connection until the applier owns it. */
    private Connection target;

    public BinlogCatchUp(CatchUpConfig config) {
        this.config = config;
    }

    /** Connects to the source and starts applying from the stored position (the copy must have run). Blocking until connected. */
    public void start() throws SQLException, IOException, TimeoutException {
        String workflow = config.workflow();
        Map<String, BoundTable> tables = new HashMap<>();
        try (Connection src = config.sourceConnections().open()) {
            for (SnapshotCopy.Table t : config.tables()) {
                TableLayout layout = TableLayout.read(src, config.source().database(), t.name());
                tables.put(t.name().toLowerCase(Locale.ROOT), new BoundTable(layout, t.selector().bind(layout.columns())));
            }
        }
        target = config.target().open();
        StreamStore.ensureTables(target);
        StreamStore.Stream s = StreamStore.read(target, workflow)
                .orElseThrow(() -> new SQLException("stream " + workflow + " has no stored position; run its copy first"));
        if (s.state() == StreamState.COPYING) {
            throw new SQLException("stream " + workflow + " is still copying; finish the copy before catching up");
        }
        target.setCatalog(config.targetDatabase());
        target.setAutoCommit(false);

        BinlogReader r = new BinlogReader(workflow, config.source(), config.clientServerId(),
                new TransactionAssembler(config.source().database(), tables), queue, this::stopped, this::fail);
        GroupApplier a = new GroupApplier(workflow, target, queue, MAX_GROUP, GtidPosition.parse(s.position()),
                r::connection, this::stopped, this::fail);
        reader = r;
        applier = a;
        a.start();
        r.connect(s.position(), a);
    }

    private boolean stopped() {
        return closing || error != null;
    }

    /** The source GTID position applied to the target so far. */
    public GtidPosition position() {
        GroupApplier a = applier;
        return a == null ? GtidPosition.EMPTY : a.position();
    }

    /** Seconds between the source writing the last applied transaction and now; 0 when caught up and idle. */
    public long lagSeconds() {
        GroupApplier a = applier;
        BinlogReader r = reader;
        if (a == null || (r.idle() && queue.drained() && !a.applying())) {
            return 0;
        }
        return Math.max(0, (System.currentTimeMillis() - a.lastAppliedMillis()) / 1000);
    }

    /** Why the stream stopped, when it failed. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Waits until the target has applied {@code position}; false on timeout or failure. */
    public boolean waitForPosition(String position, Duration timeout) throws InterruptedException {
        return applier.waitForPosition(GtidPosition.parse(position), timeout, () -> error != null);
    }

    /**
     * Holds the stream at {@code until} if it has not passed it (it applies up to there), else where it is now, or
     * where it is now when {@code until} is null; returns the position it holds at. No group is being applied when
     * this returns.
     */
    public GtidPosition pause(GtidPosition until) {
        return applier.pause(until);
    }

    /** Lifts {@link #pause}. */
    public void resume() {
        applier.resume();
    }

    @Override
    public void close() {
        closing = true;
        BinlogReader r = reader;
        if (r != null) {
            try {
                r.disconnect();
            } catch (IOException ignored) {
                // the stream is going away; nothing more to tell the source
            }
        }
        GroupApplier a = applier;
        if (a != null) {
            a.finish(() -> error != null);
        } else if (target != null) {
            try {
                target.close();
            } catch (SQLException ignored) {
                // it never applied anything
            }
        }
    }

    private void fail(Exception e) {
        error = "stream " + config.workflow() + " stopped: " + e.getMessage();
        GroupApplier a = applier;
        a.recordFailure(error);
        a.wakeWaiters();
        Thread stopper = new Thread(() -> {
            try {
                reader.disconnect();
            } catch (IOException ignored) {
                // stopping after a failure
            }
        }, "binlog-stop-" + config.workflow());
        stopper.setDaemon(true);
        stopper.start();
    }
}
