package io.shardops.dataplane.tablet.copy;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.shardops.dataplane.tablet.GtidPosition;
import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The catch-up phase of a stream, run on the target primary: reads the source's binlog from the
 * stream's stored GTID position, keeps row events of the stream's tables whose rows its selectors
 * accept, and applies them to the target (REPLACE for the new image, DELETE by primary key for the old),
 * together with the new position in the same target transaction. A restart resumes at the stored
 * position; re-applying an event is harmless because every change is an upsert or a delete.
 *
 * <p>Reading and applying run on two threads. The binlog reader hands each complete source transaction
 * to the applier, which applies every transaction that is waiting in one target transaction (group
 * commit): caught up, each source commit is applied alone as soon as it arrives; behind, a commit on the
 * target carries up to {@link #MAX_GROUP} of them, so the target's commit cost does not bound the stream.
 *
 * <p>Limits of this first version: DDL in the source binlog is skipped (the position moves past it);
 * temporal and unsigned column values are passed as the binlog library decodes them.
 */
public final class BinlogCatchUp implements AutoCloseable {
    private static final long PERSIST_IDLE_POSITION_MILLIS = 1000;
    /** Source transactions applied in one target transaction at most. */
    static final int MAX_GROUP = 500;
    /** Source transactions read ahead of the applier at most; past it the reader waits (and the source's binlog with it). */
    private static final int MAX_READ_AHEAD = 5_000;
    /** The binlog library logs every connect at INFO to stderr; streams report through their status instead. */
    private static final java.util.logging.Logger BINLOG_LOG = java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog");

    static {
        BINLOG_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final String workflow;
    private final String sourceHost;
    private final int sourcePort;
    private final String sourceUser;
    private final String sourcePassword;
    private final String sourceDb;
    private final ConnectionFactory source;
    private final ConnectionFactory target;
    private final String targetDb;
    private final Map<String, SnapshotCopy.Table> tables = new HashMap<>();
    private final long clientServerId;

    private final Map<String, Bound> layouts = new HashMap<>();
    private final Map<Long, Bound> tableIds = new HashMap<>();
    private volatile BinaryLogClient client;
    private volatile boolean closing;
    private Connection dst;
    private volatile GtidPosition applied = GtidPosition.EMPTY;
    private volatile String error;
    /** The source's timestamp of the last transaction applied. */
    private volatile long lastAppliedMillis;
    /** Set by a heartbeat that found the reader between transactions; cleared by the next transaction. */
    private volatile boolean idle = true;
    private volatile boolean applying;
    private long lastPersistMillis;
    private boolean positionDirty;
    /** The transaction the reader is in (reader thread only). */
    private Pending pending;
    private final java.util.concurrent.BlockingQueue<Pending> ready = new java.util.concurrent.ArrayBlockingQueue<>(MAX_READ_AHEAD);
    /** Held by the applier while it applies a group, and by a reconnect while it drops what the old connection read. */
    private final Object applyLock = new Object();
    private Thread applier;
    /** Where a paused stream holds: transactions this position does not contain wait. Null: not paused. */
    private volatile GtidPosition holdAt;
    /** Read, not applied, because of {@link #holdAt}; applied first once it lifts (applier thread only). */
    private final java.util.ArrayDeque<Pending> held = new java.util.ArrayDeque<>();
    /** New images waiting to go to the target in one REPLACE (applier thread only). */
    private final List<Object[]> replaceRun = new ArrayList<>();
    private TableLayout replaceLayout;
    private final Object progress = new Object();

    private record Bound(TableLayout layout, Predicate<Object[]> accepts) {}

    private record Change(EventType kind, Bound table, Object[] before, Object[] after) {}

    private static final class Pending {
        final BinaryLogClient from;
        final MariadbGtidEventData gtid;
        final long sourceMillis;
        final List<Change> changes = new ArrayList<>();

        Pending(BinaryLogClient from, MariadbGtidEventData gtid, long sourceMillis) {
            this.from = from;
            this.gtid = gtid;
            this.sourceMillis = sourceMillis;
        }
    }

    /**
     * @param clientServerId the server id this binlog reader announces to the source; unique among the source's replicas
     */
    public BinlogCatchUp(String workflow, String sourceHost, int sourcePort, String sourceUser, String sourcePassword, String sourceDb,
                         ConnectionFactory source, ConnectionFactory target, String targetDb, List<SnapshotCopy.Table> tables,
                         long clientServerId) {
        this.workflow = workflow;
        this.sourceHost = sourceHost;
        this.sourcePort = sourcePort;
        this.sourceUser = sourceUser;
        this.sourcePassword = sourcePassword;
        this.sourceDb = sourceDb;
        this.source = source;
        this.target = target;
        this.targetDb = targetDb;
        for (SnapshotCopy.Table t : tables) {
            this.tables.put(t.name().toLowerCase(Locale.ROOT), t);
        }
        this.clientServerId = clientServerId;
    }

    /** Connects to the source and starts applying from the stored position (the copy must have run). Blocking until connected. */
    public void start() throws SQLException, IOException, TimeoutException {
        try (Connection src = source.open()) {
            for (SnapshotCopy.Table t : tables.values()) {
                TableLayout layout = TableLayout.read(src, sourceDb, t.name());
                layouts.put(t.name().toLowerCase(Locale.ROOT), new Bound(layout, t.selector().bind(layout.columns())));
            }
        }
        dst = target.open();
        StreamStore.ensureTables(dst);
        StreamStore.Stream s = StreamStore.read(dst, workflow)
                .orElseThrow(() -> new SQLException("stream " + workflow + " has no stored position; run its copy first"));
        if ("copying".equals(s.state())) {
            throw new SQLException("stream " + workflow + " is still copying; finish the copy before catching up");
        }
        applied = GtidPosition.parse(s.position());
        dst.setCatalog(targetDb);
        dst.setAutoCommit(false);
        lastPersistMillis = System.currentTimeMillis();
        lastAppliedMillis = lastPersistMillis;

        applier = new Thread(this::applyLoop, "binlog-apply-" + workflow);
        applier.setDaemon(true);
        applier.start();
        connect(s.position());
    }

    /**
     * Connects from {@code position}. The library's own reconnect is off: it would resume from the GTIDs it
     * saw, which can be past a transaction that was cut off mid-way; we resume from what was applied.
     *
     * @param position where to read from; null: the position applied so far, read once nothing is being applied
     */
    private void connect(String position) throws IOException, TimeoutException {
        BinaryLogClient c = new BinaryLogClient(sourceHost, sourcePort, sourceUser, sourcePassword);
        c.setServerId(clientServerId);
        c.setKeepAlive(false);
        c.setHeartbeatInterval(1000);
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        c.setEventDeserializer(deserializer);
        c.registerEventListener(e -> onEvent(c, e));
        c.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onDisconnect(BinaryLogClient disconnected) {
                if (!closing && error == null) {
                    reconnectLater();
                }
            }
        });
        String from;
        synchronized (applyLock) {
            // what the old connection read but the applier has not applied is read again from the applied position
            ready.clear();
            held.clear();
            pending = null;
            tableIds.clear();
            client = c;
            from = position == null ? applied.toString() : position;
        }
        c.setGtidSet(from);
        c.connect(TimeUnit.SECONDS.toMillis(10));
    }

    /** The source went away (restart, network): retry from the applied position until it answers or we close. */
    private void reconnectLater() {
        Thread t = new Thread(() -> {
            long backoff = 200;
            while (!closing && error == null) {
                try {
                    Thread.sleep(backoff);
                    connect(null);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (IOException | TimeoutException | RuntimeException e) {
                    backoff = Math.min(5000, backoff * 2);
                }
            }
        }, "binlog-reconnect-" + workflow);
        t.setDaemon(true);
        t.start();
    }

    /** The source GTID position applied to the target so far. */
    public GtidPosition position() {
        return applied;
    }

    /** Seconds between the source writing the last applied transaction and now; 0 when caught up and idle. */
    public long lagSeconds() {
        if (idle && ready.isEmpty() && !applying) {
            return 0;
        }
        return Math.max(0, (System.currentTimeMillis() - lastAppliedMillis) / 1000);
    }

    /** Why the stream stopped, when it failed. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Waits until the target has applied {@code position}; false on timeout or failure. */
    public boolean waitForPosition(String position, Duration timeout) throws InterruptedException {
        GtidPosition want = GtidPosition.parse(position);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!applied.contains(want) && error == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return applied.contains(want);
    }

    @Override
    public void close() {
        closing = true;
        try {
            BinaryLogClient c = client;
            if (c != null) {
                c.disconnect();
            }
        } catch (IOException ignored) {
            // the stream is going away; nothing more to tell the source
        }
        Thread a = applier;
        if (a != null) {
            try {
                a.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (applyLock) {
            if (dst != null) {
                try {
                    if (positionDirty && error == null) {
                        StreamStore.setPosition(dst, workflow, applied.toString());
                        dst.commit();
                    }
                    dst.close();
                } catch (SQLException ignored) {
                    // the position written with the last applied rows stands
                }
                dst = null;
            }
        }
    }

    // --- events (on the binlog client's thread) ------------------------------------------------

    private void onEvent(BinaryLogClient from, Event event) {
        if (error != null || closing || from != client) {
            return;
        }
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        try {
            switch (type) {
                case MARIADB_GTID -> {
                    pending = new Pending(from, event.getData(), header.getTimestamp());
                    idle = false;
                }
                case TABLE_MAP -> {
                    TableMapEventData d = event.getData();
                    if (d.getDatabase().equalsIgnoreCase(sourceDb)) {
                        Bound b = layouts.get(d.getTable().toLowerCase(Locale.ROOT));
                        if (b != null) {
                            tableIds.put(d.getTableId(), b);
                        } else {
                            tableIds.remove(d.getTableId());
                        }
                    } else {
                        tableIds.remove(d.getTableId());
                    }
                }
                case WRITE_ROWS, EXT_WRITE_ROWS -> {
                    WriteRowsEventData d = event.getData();
                    Bound b = tableIds.get(d.getTableId());
                    if (b != null && pending != null) {
                        for (Serializable[] row : d.getRows()) {
                            pending.changes.add(new Change(EventType.WRITE_ROWS, b, null, row));
                        }
                    }
                }
                case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
                    UpdateRowsEventData d = event.getData();
                    Bound b = tableIds.get(d.getTableId());
                    if (b != null && pending != null) {
                        for (Map.Entry<Serializable[], Serializable[]> row : d.getRows()) {
                            pending.changes.add(new Change(EventType.UPDATE_ROWS, b, row.getKey(), row.getValue()));
                        }
                    }
                }
                case DELETE_ROWS, EXT_DELETE_ROWS -> {
                    DeleteRowsEventData d = event.getData();
                    Bound b = tableIds.get(d.getTableId());
                    if (b != null && pending != null) {
                        for (Serializable[] row : d.getRows()) {
                            pending.changes.add(new Change(EventType.DELETE_ROWS, b, row, null));
                        }
                    }
                }
                case XID -> handOver();
                case QUERY -> {
                    QueryEventData q = event.getData();
                    if (!"BEGIN".equalsIgnoreCase(q.getSql().strip())) {
                        // COMMIT of a non-transactional table, or DDL (skipped): either ends the transaction
                        handOver();
                    }
                }
                case HEARTBEAT -> {
                    if (pending == null) {
                        idle = true;
                    }
                }
                default -> { }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** The reader's transaction is complete: to the applier, waiting while it is {@link #MAX_READ_AHEAD} behind. */
    private void handOver() throws InterruptedException {
        Pending p = pending;
        pending = null;
        if (p == null) {
            return;
        }
        while (!ready.offer(p, 100, TimeUnit.MILLISECONDS)) {
            if (closing || error != null || p.from != client) {
                return;
            }
        }
    }

    // --- applying (on the applier thread) ------------------------------------------------------

    private void applyLoop() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (!closing && error == null) {
            try {
                Pending first = held.isEmpty() ? ready.poll(100, TimeUnit.MILLISECONDS) : null;
                synchronized (applyLock) {
                    if (first != null) {
                        held.addLast(first);
                    }
                    ready.drainTo(held, MAX_GROUP - held.size());
                    GtidPosition at = holdAt;
                    while (!held.isEmpty() && group.size() < MAX_GROUP && (at == null || at.contains(gtidOf(held.peekFirst())))) {
                        group.add(held.pollFirst());
                    }
                    if (group.isEmpty()) {
                        persistIdlePosition();
                        if (!held.isEmpty()) {
                            applyLock.wait(100);  // paused: until resumed
                        }
                        continue;
                    }
                    applying = true;
                    applyGroup(group);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                fail(e);
            } finally {
                group.clear();
                applying = false;
            }
        }
    }

    private static GtidPosition gtidOf(Pending p) {
        return GtidPosition.EMPTY.with(p.gtid.getDomainId(), p.gtid.getServerId(), p.gtid.getSequence());
    }

    /**
     * Holds the stream at {@code until} if it has not passed it (it applies up to there), else where it is now, or
     * where it is now when {@code until} is null; returns the position it holds at. No group is being applied when
     * this returns.
     */
    public GtidPosition pause(GtidPosition until) {
        synchronized (applyLock) {
            GtidPosition at = until != null && until.contains(applied) ? until : applied;
            holdAt = at;
            return at;
        }
    }

    /** Lifts {@link #pause}. */
    public void resume() {
        synchronized (applyLock) {
            holdAt = null;
            applyLock.notifyAll();
        }
    }

    /** One target transaction for every source transaction of the group, the position of the last one with them. */
    private void applyGroup(List<Pending> group) throws SQLException {
        GtidPosition next = applied;
        boolean changed = false;
        long sourceMillis = lastAppliedMillis;
        try {
            for (Pending p : group) {
                if (p.from != client) {
                    break;  // read by a connection since replaced: the new one reads it again from the applied position
                }
                for (Change c : p.changes) {
                    apply(c);
                    changed = true;
                }
                MariadbGtidEventData g = p.gtid;
                next = next.with(g.getDomainId(), g.getServerId(), g.getSequence());
                sourceMillis = p.sourceMillis;
            }
            flushReplaces();
            if (changed) {
                StreamStore.setPosition(dst, workflow, next.toString());
                dst.commit();
            }
        } catch (SQLException e) {
            replaceRun.clear();
            try {
                dst.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw e;
        }
        if (changed) {
            positionDirty = false;
            lastPersistMillis = System.currentTimeMillis();
        } else if (!next.equals(applied)) {
            positionDirty = true;
        }
        lastAppliedMillis = sourceMillis;
        publish(next);
        persistIdlePosition();
    }

    private void apply(Change c) throws SQLException {
        TableLayout layout = c.table().layout();
        Predicate<Object[]> accepts = c.table().accepts();
        switch (c.kind()) {
            case WRITE_ROWS -> {
                if (accepts.test(c.after())) {
                    replace(layout, c.after());
                }
            }
            case DELETE_ROWS -> {
                if (accepts.test(c.before())) {
                    delete(layout, c.before());
                }
            }
            case UPDATE_ROWS -> {
                boolean beforeIn = accepts.test(c.before());
                boolean afterIn = accepts.test(c.after());
                boolean keyChanged = !Rows.sameKey(layout.keyOf(c.before()), layout.keyOf(c.after()));
                if (beforeIn && (!afterIn || keyChanged)) {
                    delete(layout, c.before());
                }
                if (afterIn) {
                    replace(layout, c.after());
                }
            }
            default -> throw new IllegalStateException("not a row change: " + c.kind());
        }
    }

    /**
     * Consecutive new images of one table go to the target as one multi-row REPLACE, which MariaDB applies in
     * order (a key written twice keeps the later image); a delete or another table ends the run. One statement
     * per row made the round trips, not the target's commits, what bounded a stream that was behind.
     */
    private void replace(TableLayout layout, Object[] row) throws SQLException {
        if (replaceLayout != layout || replaceRun.size() >= rowsPerReplace(layout)) {
            flushReplaces();
        }
        replaceLayout = layout;
        replaceRun.add(row);
    }

    /** Rows of one statement at most: bounded by MariaDB's 65,535 placeholders per statement. */
    private static int rowsPerReplace(TableLayout layout) {
        return Math.max(1, Math.min(1000, 60_000 / Math.max(1, layout.columns().size())));
    }

    private void flushReplaces() throws SQLException {
        if (replaceRun.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = dst.prepareStatement(replaceLayout.replaceSql(replaceRun.size()))) {
            int k = 1;
            for (Object[] row : replaceRun) {
                for (Object v : row) {
                    Rows.bind(ps, k++, v);
                }
            }
            ps.executeUpdate();
        } finally {
            replaceRun.clear();
        }
    }

    private void delete(TableLayout layout, Object[] row) throws SQLException {
        flushReplaces();
        try (PreparedStatement ps = dst.prepareStatement(layout.deleteSql())) {
            List<Object> key = layout.keyOf(row);
            for (int i = 0; i < key.size(); i++) {
                Rows.bind(ps, i + 1, key.get(i));
            }
            ps.executeUpdate();
        }
    }

    /** Transactions that touched none of our rows move the position in memory; it is written at most once a second. */
    private void persistIdlePosition() throws SQLException {
        long now = System.currentTimeMillis();
        if (positionDirty && now - lastPersistMillis >= PERSIST_IDLE_POSITION_MILLIS) {
            StreamStore.setPosition(dst, workflow, applied.toString());
            dst.commit();
            positionDirty = false;
            lastPersistMillis = now;
        }
    }

    private void publish(GtidPosition next) {
        synchronized (progress) {
            applied = next;
            progress.notifyAll();
        }
    }

    private void fail(Exception e) {
        error = "stream " + workflow + " stopped: " + e.getMessage();
        synchronized (applyLock) {  // the reader fails here too, while the applier may hold the target connection
            try {
                dst.rollback();
                StreamStore.setState(dst, workflow, "error", error);
                dst.commit();
            } catch (SQLException ignored) {
                // the target itself may be what failed; the error stays visible through error()
            }
        }
        synchronized (progress) {
            progress.notifyAll();
        }
        Thread stopper = new Thread(() -> {
            try {
                client.disconnect();
            } catch (IOException ignored) {
                // stopping after a failure
            }
        }, "binlog-stop-" + workflow);
        stopper.setDaemon(true);
        stopper.start();
    }
}
