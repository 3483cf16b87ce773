package io.shardops.dataplane.archive;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeader;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.replication.GtidPosition;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ships one shard's binary log into a backup location, continuously: connects to the shard's primary as a
 * replica does (by GTID, from where the archive ends), cuts the stream into segments at transaction boundaries
 * and commits each segment, then its manifest. Whatever was not committed when the connection or the process
 * ends is read again on the next connection, from the last committed segment's end position: the archive
 * resumes after a restart, and after a primary switch it follows the new primary from the same GTID position
 * (every tablet's binlog holds the shard's transactions under the same GTIDs).
 *
 * <p>One thread per shard. {@link #follow} points it at the current primary; {@link #status} is what
 * {@code shardops status} shows.
 */
public final class BinlogArchiver implements AutoCloseable {
    private static final Logger BINLOG_LOG = Logger.getLogger("com.github.shyiko.mysql.binlog");

    static {
        BINLOG_LOG.setLevel(Level.WARNING);
    }

    /** The primary to read from. */
    public record Source(String tabletAlias, String host, int port) {
        @Override
        public String toString() {
            return tabletAlias + " (" + host + ":" + port + ")";
        }
    }

    /**
     * When segments are cut.
     *
     * @param maxAge   a segment is committed at the first transaction boundary after it is this old
     * @param idleAge  when the primary is idle, a segment this old is committed without waiting for {@code maxAge}
     * @param maxBytes a segment is committed at the first transaction boundary past this size
     */
    public record Settings(Duration maxAge, Duration idleAge, long maxBytes) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofSeconds(2), 64L << 20);
    }

    /** What status shows of one shard's archive. */
    public record Status(String keyspace, String shard, String source, String position, Instant archivedThrough,
                         long segments, String lastError) {
        /** Seconds between now and the time up to which everything is archived; -1 when nothing is yet. */
        public long lagSeconds(Instant now) {
            return archivedThrough == null ? -1 : Math.max(0, Duration.between(archivedThrough, now).toSeconds());
        }
    }

    private final BackupLocation location;
    private final ArchiveCatalog catalog;
    private final String keyspace;
    private final String shard;
    private final String user;
    private final String password;
    private final Settings settings;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Source source;
    private volatile BinaryLogClient client;
    private volatile String lastError = "";
    private volatile Instant archivedThrough;
    private volatile long segmentsWritten;
    private Instant progressWrittenAt = Instant.EPOCH;

    // state of the current connection, on the archiver's thread only
    private GtidPosition committed;
    private long nextNumber;
    private byte[] formatDescription;
    private Segment segment;
    private GtidPosition inSegment;
    private GtidPosition.Gtid currentGtid;
    private boolean inTransaction;
    private boolean standalone;

    public BinlogArchiver(BackupLocation location, String keyspace, String shard, String user, String password,
                          Settings settings, Clock clock) {
        this.location = location;
        this.catalog = new ArchiveCatalog(location);
        this.keyspace = keyspace;
        this.shard = shard;
        this.user = user;
        this.password = password;
        this.settings = settings;
        this.clock = clock;
        this.thread = new Thread(this::run, "binlog-archive-" + keyspace + "/" + shard);
        this.thread.setDaemon(true);
    }

    public String keyspace() {
        return keyspace;
    }

    public String shard() {
        return shard;
    }

    public BinlogArchiver start() {
        thread.start();
        return this;
    }

    /** Reads from {@code primary} from now on; a change ends the current connection (what it had pending is read again). */
    public void follow(Source primary) {
        if (!Objects.equals(source, primary)) {
            source = primary;
            disconnect();
        }
    }

    public Status status() {
        Source s = source;
        GtidPosition p = committed;
        return new Status(keyspace, shard, s == null ? "" : s.toString(), p == null ? "" : p.toString(),
                archivedThrough, segmentsWritten, lastError);
    }

    /** Unique among the primary's replicas (whose server ids are tablet uids) and the streams' binlog readers. */
    long clientServerId() {
        return 2_000_000_000L + Math.floorMod(("archive/" + keyspace + "/" + shard).hashCode(), 100_000_000);
    }

    private void run() {
        long backoff = 200;
        while (!closed) {
            Source s = source;
            if (s == null) {
                sleep(500);
                continue;
            }
            try {
                resumeFromLocation();
                connectAndRead(s);
                backoff = 200;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                }
            } finally {
                discardSegment();
            }
            if (!closed) {
                sleep(backoff);
                backoff = Math.min(5000, backoff * 2);
            }
        }
    }

    /** Where the archive ends, from the location itself: no local state, so any node can carry on. */
    private void resumeFromLocation() throws IOException {
        var latest = catalog.latest(keyspace, shard);
        committed = latest.map(SegmentManifest::end).orElse(GtidPosition.EMPTY);
        nextNumber = latest.map(m -> m.number() + 1).orElse(1L);
        if (archivedThrough == null) {
            archivedThrough = catalog.coveredThrough(keyspace, shard).orElse(null);
        }
    }

    private void connectAndRead(Source s) throws IOException {
        BinaryLogClient c = new BinaryLogClient(s.host(), s.port(), user, password);
        c.setServerId(clientServerId());
        c.setKeepAlive(false);
        c.setHeartbeatInterval(1000);
        RawEventDeserializer deserializer = new RawEventDeserializer();
        c.setEventDeserializer(deserializer);
        c.setGtidSet(committed.toString());
        formatDescription = null;
        inTransaction = false;
        // events arrive on this thread (connect blocks while it reads); a failure drops what is pending and
        // ends the connection, so the next one reads it again from the last committed position
        c.registerEventListener(e -> {
            try {
                onEvent(s, e, deserializer.lastRaw());
            } catch (IOException | RuntimeException ex) {
                lastError = "archiving from " + s + ": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage());
                discardSegment();
                disconnect();
            }
        });
        client = c;
        if (closed || !s.equals(source)) {
            return;
        }
        // blocking: reads events on this thread until the connection ends
        c.connect();
        if (!closed && s.equals(source)) {
            throw new IOException("the binlog connection to " + s + " ended");
        }
    }

    private void onEvent(Source s, Event event, byte[] raw) throws IOException {
        if (closed || !s.equals(source)) {
            disconnect();
            return;
        }
        EventHeader header = event.getHeader();
        EventType type = header.getEventType();
        switch (type) {
            case FORMAT_DESCRIPTION -> {
                // a new binlog file on the primary: its events follow this description
                if (segment != null && !inTransaction && !segment.isEmpty()) {
                    commitSegment(s);
                }
                formatDescription = raw;
                return;
            }
            case ROTATE, HEARTBEAT, MARIADB_GTID_LIST, BINLOG_CHECKPOINT, PREVIOUS_GTIDS -> {
                if (type == EventType.HEARTBEAT && !inTransaction) {
                    onIdle(s);
                }
                return;
            }
            default -> {
            }
        }
        if (formatDescription == null) {
            return;
        }
        if (type == EventType.MARIADB_GTID) {
            MariadbGtidEventData g = event.getData();
            long server = g.getServerId() != 0 ? g.getServerId() : header.getServerId();
            currentGtid = new GtidPosition.Gtid(g.getDomainId(), server, g.getSequence());
            standalone = (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) != 0;
            inTransaction = true;
            if (segment == null) {
                openSegment();
            }
            if (segment.firstGtid == null) {
                segment.firstGtid = currentGtid;
                segment.firstEventTime = Instant.ofEpochMilli(header.getTimestamp());
            }
        }
        if (!inTransaction || segment == null) {
            return;
        }
        segment.write(raw);
        segment.lastEventTime = Instant.ofEpochMilli(header.getTimestamp());
        if (endsTransaction(type, event)) {
            inTransaction = false;
            inSegment = inSegment.with(currentGtid);
            segment.lastGtid = currentGtid;
            segment.transactions++;
            Duration age = Duration.between(segment.openedAt, clock.instant());
            if (age.compareTo(settings.maxAge()) >= 0 || segment.bytes() >= settings.maxBytes()) {
                commitSegment(s);
            }
        }
    }

    private boolean endsTransaction(EventType type, Event event) {
        if (type == EventType.XID) {
            return true;
        }
        if (type == EventType.QUERY) {
            if (standalone) {
                return true;
            }
            QueryEventData q = event.getData();
            String sql = q == null || q.getSql() == null ? "" : q.getSql().strip();
            return sql.equalsIgnoreCase("COMMIT") || sql.equalsIgnoreCase("ROLLBACK");
        }
        return false;
    }

    /** The primary has nothing more to send: everything it had is in this segment, or archived already. */
    private void onIdle(Source s) throws IOException {
        Instant now = clock.instant();
        if (segment != null && !segment.isEmpty()) {
            if (Duration.between(segment.openedAt, now).compareTo(settings.idleAge()) >= 0) {
                commitSegment(s);
            }
            return;
        }
        archivedThrough = now;
        if (Duration.between(progressWrittenAt, now).toSeconds() >= 5) {
            location.write(ArchiveNames.progress(keyspace, shard),
                    new ArchiveProgress(keyspace, shard, committed.toString(), now.toString(), s.tabletAlias()).toJson());
            progressWrittenAt = now;
        }
    }

    private void openSegment() throws IOException {
        String name = ArchiveNames.segment(keyspace, shard, nextNumber);
        segment = new Segment(nextNumber, name, location.create(name), formatDescription, committed, clock.instant());
        inSegment = committed;
    }

    private void commitSegment(Source s) throws IOException {
        Segment seg = segment;
        String sha = seg.commit();
        SegmentManifest m = new SegmentManifest(SegmentManifest.FORMAT_VERSION, keyspace, shard, seg.number, seg.dataObject,
                s.toString(), seg.start.toString(), inSegment.toString(), seg.firstGtid.toString(), seg.lastGtid.toString(),
                seg.firstEventTime.toString(), seg.lastEventTime.toString(), seg.transactions, seg.bytes(), sha);
        location.write(ArchiveNames.manifest(keyspace, shard, seg.number), m.toJson());
        segment = null;
        committed = inSegment;
        nextNumber = seg.number + 1;
        segmentsWritten++;
        archivedThrough = seg.lastEventTime;
        lastError = "";
    }

    private void discardSegment() {
        Segment seg = segment;
        segment = null;
        if (seg != null) {
            try {
                seg.close();
            } catch (IOException e) {
                // the pending object is discarded either way; a leftover temporary is never listed
            }
        }
    }

    private void disconnect() {
        BinaryLogClient c = client;
        if (c != null) {
            try {
                c.disconnect();
            } catch (IOException e) {
                // gone already
            }
        }
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops following; what was not committed is read again by the next archiver of this shard. */
    @Override
    public void close() {
        closed = true;
        disconnect();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
