package io.shardops.dataplane.tablet;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.replication.GtidPosition;
import io.shardops.dataplane.tablet.copy.BinlogCatchUp;
import io.shardops.dataplane.tablet.copy.BinlogSource;
import io.shardops.dataplane.tablet.copy.CatchUpConfig;
import io.shardops.dataplane.tablet.copy.ConnectionFactory;
import io.shardops.dataplane.tablet.copy.RowSelector;
import io.shardops.dataplane.tablet.copy.SnapshotCopy;
import io.shardops.dataplane.tablet.copy.StreamState;
import io.shardops.dataplane.tablet.copy.StreamStore;
import io.shardops.dataplane.vindex.Vindex;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.sql.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The copy/catch-up streams running into this tablet: each on a thread of its own, first the snapshot
 * copy, then the binlog catch-up. A stream's definition and progress live in the tablet's MariaDB
 * ({@code _shardops}), so a restarted tablet resumes its streams where they stopped ({@link #resumeAll}).
 */
final class Streams {
    /** Rows per copy batch: fewer, larger commits copy faster (measured against mysqldump | mysql). */
    static final int COPY_BATCH_ROWS = 10_000;

    private final TabletIdentity identity;
    private final Mysqld mysqld;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean storeReady;
    /** Why the streams cannot be listed now (the tablet's mysqld is restarting); null when they can. */
    private volatile String suspended;

    private static final class Running {
        final StreamSpec spec;
        final Thread thread;
        volatile BinlogCatchUp catchUp;
        volatile SnapshotCopy copy;
        volatile String error;
        volatile boolean stopping;

        Running(StreamSpec spec, Thread thread) {
            this.spec = spec;
            this.thread = thread;
        }

        /** Failed in the copy, or later in the binlog catch-up (a target lost mid-event, a bad row). */
        boolean failed() {
            BinlogCatchUp c = catchUp;
            return error != null || (c != null && c.error().isPresent());
        }
    }

    Streams(TabletIdentity identity, Mysqld mysqld) {
        this.identity = identity;
        this.mysqld = mysqld;
    }

    synchronized void start(StreamSpec spec) {
        Running r = running.get(spec.workflow());
        if (r != null && !r.failed() && !r.stopping) {
            if (r.spec.equals(spec)) {
                return;
            }
            // the reconciler names other servers (a failover replaced the primary it followed): it goes on from its
            // stored position on the new ones
            retire(r);
        }
        if (r != null && r.catchUp != null) {
            r.catchUp.close();
        }
        List<SnapshotCopy.Table> tables = tables(spec);
        try (Connection c = mysqld.connectAdmin(null)) {
            StreamStore.ensureTables(c);
            ensureSpecTable(c);
            try (PreparedStatement ps = c.prepareStatement("REPLACE INTO " + StreamStore.DATABASE + ".stream_spec (workflow, spec) VALUES (?, ?)")) {
                ps.setString(1, spec.workflow());
                ps.setString(2, TabletManagerHttp.JSON.writeValueAsString(spec));
                ps.executeUpdate();
            }
            Optional<StreamStore.Stream> stored = StreamStore.read(c, spec.workflow());
            if (stored.isPresent() && !stored.get().state().resumable()) {
                // a restart: back to where it was, copying or following
                StreamStore.setState(c, spec.workflow(), copyFinished(c, spec) ? StreamState.RUNNING : StreamState.COPYING, "");
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new TabletManagerException("start stream " + spec.workflow() + " on " + identity.describe() + ": " + e.getMessage(), e);
        }
        Running[] holder = new Running[1];
        Thread t = new Thread(() -> run(holder[0], tables), "stream-" + spec.workflow());
        t.setDaemon(true);
        holder[0] = new Running(spec, t);
        running.put(spec.workflow(), holder[0]);
        t.start();
    }

    private boolean copyFinished(Connection c, StreamSpec spec) throws SQLException {
        for (StreamSpec.Table t : spec.tables()) {
            Optional<StreamStore.CopyProgress> p = StreamStore.copyProgress(c, spec.workflow(), t.name());
            if (p.isEmpty() || !p.get().done()) {
                return false;
            }
        }
        return true;
    }

    private void run(Running r, List<SnapshotCopy.Table> tables) {
        StreamSpec spec = r.spec;
        ConnectionFactory source = () -> connectSource(spec.sourceHost(), spec.sourceMysqlPort(), mysqld.accounts());
        ConnectionFactory target = () -> mysqld.connectAdmin(null);
        try {
            r.copy = new SnapshotCopy(spec.workflow(), source, spec.sourceDatabase(), target, identity.database(), tables, COPY_BATCH_ROWS);
            r.copy.run();
            if (r.stopping) {
                return;
            }
            BinlogSource binlog = new BinlogSource(spec.followHost(), spec.followMysqlPort(), MysqlAccounts.ADMIN_USER,
                    mysqld.accounts().adminPassword(), spec.sourceDatabase());
            BinlogCatchUp c = new BinlogCatchUp(new CatchUpConfig(spec.workflow(), binlog, source, target, identity.database(), tables,
                    binlogClientServerId(spec.workflow())));
            c.start();
            r.catchUp = c;
            if (r.stopping) {
                c.close();
            }
        } catch (Exception e) {
            // the driver's first line says what broke; the rest is its packet timing
            r.error = (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""))
                    + " (copying from " + spec.sourceHost() + ":" + spec.sourceMysqlPort() + ")";
            try (Connection c = mysqld.connectAdmin(null)) {
                StreamStore.setState(c, spec.workflow(), StreamState.ERROR, r.error);
            } catch (SQLException ignored) {
                // the error stays visible in memory
            }
        }
    }

    /** Unique among the source's replicas (whose server ids are tablet uids, far below this range). */
    private long binlogClientServerId(String workflow) {
        return 1_000_000_000L + Math.floorMod((identity.alias().uid() + "/" + workflow).hashCode(), 1_000_000_000);
    }

    /**
     * A connection to another tablet's MariaDB, as a stream or a table diff reads its source: as the cluster's
     * admin account, whose password every tablet of the cluster shares.
     */
    static Connection connectSource(String host, int port, MysqlAccounts accounts) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + host + ":" + port
                + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000&serverTimezone=UTC",
                MysqlAccounts.ADMIN_USER, accounts.adminPassword());
    }

    static List<SnapshotCopy.Table> tables(StreamSpec spec) {
        List<SnapshotCopy.Table> out = new ArrayList<>();
        for (StreamSpec.Table t : spec.tables()) {
            if (t.vindexColumn() == null || t.vindexColumn().isEmpty()) {
                out.add(new SnapshotCopy.Table(t.name(), RowSelector.all(), t.targetTable()));
                continue;
            }
            Vindex v = Vindex.forType(t.vindexType()).orElseThrow(() -> new TabletManagerException(
                    "stream " + spec.workflow() + ": unknown vindex type '" + t.vindexType() + "' for table " + t.name()));
            KeyRange range = KeyRange.parse(t.keyRange()).orElseThrow(() -> new TabletManagerException(
                    "stream " + spec.workflow() + ": '" + t.keyRange() + "' is not a key range (e.g. -80, 80-)"));
            out.add(new SnapshotCopy.Table(t.name(), RowSelector.byKeyRange(t.vindexColumn(), v, range)));
        }
        return out;
    }

    List<StreamStatus> list() {
        requireNotSuspended();
        List<StreamStatus> out = new ArrayList<>();
        try (Connection c = mysqld.connectAdmin(null)) {
            if (!storeReady) {
                // once per tablet run: apply and status poll several times a second, and each DDL would queue
                // for the metadata lock a copy batch in flight holds on these tables
                StreamStore.ensureTables(c);
                storeReady = true;
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT workflow FROM " + StreamStore.DATABASE + ".stream ORDER BY workflow")) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                for (String w : names) {
                    StreamStore.Stream s = StreamStore.read(c, w).orElseThrow();
                    Running r = running.get(w);
                    BinlogCatchUp live = r == null ? null : r.catchUp;
                    StreamState state = s.state();
                    String message = s.message();
                    if (r == null && state != StreamState.ERROR) {
                        state = StreamState.STOPPED;
                    } else if (r != null && r.error != null) {
                        state = StreamState.ERROR;
                        message = r.error;
                    } else if (live != null && live.error().isPresent()) {
                        state = StreamState.ERROR;
                        message = live.error().get();
                    }
                    String pos = live != null ? live.position().toString() : s.position();
                    SnapshotCopy copy = r == null ? null : r.copy;
                    out.add(new StreamStatus(w, state, pos, s.rowsCopied(), copy == null ? 0 : copy.rowsToCopy(), live != null ? live.lagSeconds() : 0, message));
                }
            }
        } catch (SQLException e) {
            throw new TabletManagerException("list streams on " + identity.describe() + ": " + e.getMessage(), e);
        }
        return out;
    }

    void waitForPosition(String workflow, String position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            requireNotSuspended();
            Running r = running.get(workflow);
            if (r == null) {
                throw new TabletManagerException("stream " + workflow + " is not running on " + identity.describe() + "; start it first");
            }
            if (r.error != null) {
                throw new TabletManagerException("stream " + workflow + " failed: " + r.error);
            }
            BinlogCatchUp c = r.catchUp;
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TabletManagerException("stream " + workflow + " did not reach " + position + " within " + timeout.toMillis()
                        + " ms (it is at " + (c == null ? "the copy phase" : c.position()) + ")");
            }
            if (c == null) {
                sleep(20);
                continue;
            }
            try {
                if (c.waitForPosition(position, Duration.ofNanos(left))) {
                    return;
                }
                if (c.error().isPresent()) {
                    throw new TabletManagerException(c.error().get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TabletManagerException("interrupted waiting for stream " + workflow, e);
            }
        }
    }

    /** See {@link TabletManager#pauseStream}. */
    String pause(String workflow, String until) {
        return catchingUp(workflow, "pause").pause(until.isEmpty() ? null : GtidPosition.parse(until)).toString();
    }

    void resume(String workflow) {
        catchingUp(workflow, "resume").resume();
    }

    private BinlogCatchUp catchingUp(String workflow, String what) {
        requireNotSuspended();
        Running r = running.get(workflow);
        BinlogCatchUp c = r == null ? null : r.catchUp;
        if (c == null) {
            throw new TabletManagerException("cannot " + what + " stream " + workflow + " on " + identity.describe()
                    + ": it is not following the source's binlog (not started, or still copying)");
        }
        return c;
    }

    /** Ends a running stream's thread, its binlog connection first so a dead server does not hold the join. */
    private void retire(Running r) {
        running.remove(r.spec.workflow(), r);
        r.stopping = true;
        BinlogCatchUp c = r.catchUp;
        if (c != null) {
            c.close();
        }
        try {
            r.thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void stop(String workflow) {
        Running r = running.remove(workflow);
        if (r == null) {
            return;
        }
        r.stopping = true;
        try {
            r.thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        BinlogCatchUp c = r.catchUp;
        if (c != null) {
            c.close();
        }
    }

    synchronized void delete(String workflow) {
        stop(workflow);
        try (Connection c = mysqld.connectAdmin(null)) {
            StreamStore.ensureTables(c);
            ensureSpecTable(c);
            StreamStore.delete(c, workflow);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + StreamStore.DATABASE + ".stream_spec WHERE workflow = ?")) {
                ps.setString(1, workflow);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new TabletManagerException("delete stream " + workflow + " on " + identity.describe() + ": " + e.getMessage(), e);
        }
    }

    void stopAll() {
        for (String w : List.copyOf(running.keySet())) {
            stop(w);
        }
    }

    /**
     * The tablet's mysqld crashed: every stream stops (what it applied is committed with its position) and
     * the streams answer {@code why} until {@link #resumeAll} or {@link #unsuspend}.
     */
    void suspend(String why) {
        suspended = why;
        stopAll();
    }

    void unsuspend() {
        suspended = null;
    }

    private void requireNotSuspended() {
        String why = suspended;
        if (why != null) {
            throw new TabletManagerException("streams on " + identity.describe() + " are unavailable: " + why);
        }
    }

    /** After a tablet (re)start: restarts every stream that was copying or running when it stopped. */
    void resumeAll() {
        List<StreamSpec> specs = new ArrayList<>();
        try (Connection c = mysqld.connectAdmin(null)) {
            // a tablet that never had a stream has nothing to resume, and writes nothing at start (a semi-sync primary would wait)
            if (StreamStore.exist(c, "stream", "stream_spec")) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT p.spec FROM " + StreamStore.DATABASE
                        + ".stream_spec p LEFT JOIN " + StreamStore.DATABASE + ".stream s ON s.workflow = p.workflow"
                        + " WHERE s.state IS NULL OR s.state IN (" + resumableStates() + ")")) {
                    while (rs.next()) {
                        specs.add(TabletManagerHttp.JSON.readValue(rs.getString(1), StreamSpec.class));
                    }
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new TabletManagerException("resume streams on " + identity.describe() + ": " + e.getMessage(), e);
        }
        specs.forEach(this::start);
        unsuspend();
    }

    /** {@code 'copying', 'running'}: the stored states a tablet restart resumes. */
    private static String resumableStates() {
        return Arrays.stream(StreamState.values()).filter(StreamState::resumable).map(s -> Sql.literal(s.word()))
                .collect(Collectors.joining(", "));
    }

    private static void ensureSpecTable(Connection c) throws SQLException {
        if (StreamStore.exist(c, "stream_spec")) {
            return;  // no binlog write when there is nothing to create (see StreamStore.ensureTables)
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + StreamStore.DATABASE + ".stream_spec ("
                    + " workflow varchar(128) NOT NULL PRIMARY KEY, spec text NOT NULL) ENGINE=InnoDB");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TabletManagerException("interrupted", e);
        }
    }
}
