package io.shardops.dataplane.tablet.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The copy phase of a stream, run on the target primary: reads each table from the source inside one
 * consistent snapshot ({@code START TRANSACTION WITH CONSISTENT SNAPSHOT}) as one streaming query in
 * primary-key order, keeps the rows its {@link RowSelector} accepts, and writes them to the target as
 * multi-row {@code REPLACE}s of a few MB ({@link CopyReader} encodes the next batch on its own thread
 * while this one is written); each batch and the table's last copied key commit together, so a resumed
 * copy continues exactly after the last committed row. {@code REPLACE}, because a reverse stream copies
 * into a source that already holds the rows.
 *
 * <p>The source's GTID position at the first snapshot is recorded as the stream's start: the binlog
 * catch-up replays everything after it. An interrupted copy resumes after the last copied key from a
 * newer snapshot; replaying row events with full images from the older start position converges to the
 * source's rows all the same, because each event is applied as an upsert or delete by primary key.
 */
public final class SnapshotCopy {
    /**
     * SQL text per batch at most: a few MB per statement and commit is where the target's insert rate
     * levels off, and it stays well below max_allowed_packet (16 MB by default, 64 MB on our tablets).
     */
    static final int MAX_BATCH_CHARS = 4 << 20;

    /**
     * A table of the stream and which of its rows to carry.
     *
     * @param targetName the table the rows go into on the target; null for the same name (a shadow table of an
     *                   online schema change has another name and columns, see {@link ColumnMapping})
     */
    public record Table(String name, RowSelector selector, String targetName) {
        public Table(String name, RowSelector selector) {
            this(name, selector, null);
        }

        /** Whether the rows go into another table than the one they are read from. */
        public boolean renamed() {
            return targetName != null && !targetName.isEmpty() && !targetName.equalsIgnoreCase(name);
        }

        /** How a row of {@code layout} (this table on the source) is written on the target. */
        ColumnMapping mapping(TableLayout layout, Connection target, String targetDb) throws SQLException {
            return renamed() ? ColumnMapping.between(layout, TableLayout.read(target, targetDb, targetName)) : ColumnMapping.identity(layout);
        }
    }

    /** What a run did. */
    public record Result(String startPosition, long rowsCopied, long rowsRead, Duration took) {
        public double rowsPerSecond() {
            return took.isZero() ? 0 : rowsCopied * 1000.0 / Math.max(1, took.toMillis());
        }
    }

    private final String workflow;
    private final ConnectionFactory source;
    private final String sourceDb;
    private final ConnectionFactory target;
    private final String targetDb;
    private final List<Table> tables;
    private final int batchRows;
    private volatile long rowsToCopy;

    public SnapshotCopy(String workflow, ConnectionFactory source, String sourceDb, ConnectionFactory target, String targetDb,
                        List<Table> tables, int batchRows) {
        this.workflow = workflow;
        this.source = source;
        this.sourceDb = sourceDb;
        this.target = target;
        this.targetDb = targetDb;
        this.tables = List.copyOf(tables);
        this.batchRows = batchRows;
    }

    /** Copies what is left to copy; a finished copy returns at once. Blocking. */
    public Result run() throws SQLException {
        long t0 = System.nanoTime();
        long copied = 0;
        long read = 0;
        try (Connection src = source.open(); Connection dst = target.open()) {
            StreamStore.ensureTables(dst);
            Optional<StreamStore.Stream> existing = StreamStore.read(dst, workflow);
            if (existing.isPresent() && existing.get().state() != StreamState.COPYING) {
                return new Result(existing.get().startPosition(), 0, 0, Duration.ZERO);
            }
            String snapshotPos = startSnapshot(src);
            String startPos = existing.map(StreamStore.Stream::startPosition).orElse(snapshotPos);
            if (existing.isEmpty()) {
                StreamStore.create(dst, workflow, snapshotPos);
            }
            rowsToCopy = (existing.isPresent() ? existing.get().rowsCopied() : 0) + estimateRowsLeft(src, dst);
            dst.setCatalog(targetDb);
            try (Statement st = dst.createStatement()) {
                // tables are copied one after the other, not in foreign-key order; sql_log_bin stays on, replicas need the rows
                st.execute("SET SESSION foreign_key_checks = 0");
            }
            dst.setAutoCommit(false);
            try {
                for (Table t : tables) {
                    long[] counts = copyTable(src, dst, t);
                    copied += counts[0];
                    read += counts[1];
                }
            } catch (SQLException | RuntimeException e) {
                // closing would first drain the rest of an open streaming result; cut the connection instead
                src.abort(Runnable::run);
                throw e;
            }
            StreamStore.setState(dst, workflow, StreamState.RUNNING, "");
            dst.commit();
            try {
                src.commit();
            } catch (SQLException sourceGone) {
                // the snapshot only read; the copy is committed on the target, so a source lost now changes nothing
            }
            return new Result(startPos, copied, read, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** About how many rows the copy writes in all (InnoDB's row estimate, times each selector's share); 0 until it starts. */
    public long rowsToCopy() {
        return rowsToCopy;
    }

    /** InnoDB's estimate of the rows left in the tables not yet done, times the share of them this copy keeps. */
    private long estimateRowsLeft(Connection src, Connection dst) throws SQLException {
        double rows = 0;
        for (Table t : tables) {
            if (StreamStore.copyProgress(dst, workflow, t.name()).map(StreamStore.CopyProgress::done).orElse(false)) {
                continue;
            }
            try (PreparedStatement ps = src.prepareStatement("SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
                ps.setString(1, sourceDb);
                ps.setString(2, t.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        rows += rs.getLong(1) * t.selector().shareOfRows();
                    }
                }
            }
        }
        return Math.round(rows);
    }

    /** Opens the snapshot and answers the GTID position it corresponds to. */
    private static String startSnapshot(Connection src) throws SQLException {
        try (Statement st = src.createStatement()) {
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            src.setAutoCommit(false);
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            String file = null;
            long pos = -1;
            try (ResultSet rs = st.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
                while (rs.next()) {
                    if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_file")) {
                        file = rs.getString(2);
                    } else if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_position")) {
                        pos = Long.parseLong(rs.getString(2));
                    }
                }
            }
            if (file == null || file.isEmpty() || pos < 0) {
                throw new SQLException("the source MariaDB reports no binlog snapshot position; is its binary log on?");
            }
            try (PreparedStatement ps = src.prepareStatement("SELECT BINLOG_GTID_POS(?, ?)")) {
                ps.setString(1, file);
                ps.setLong(2, pos);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String gtid = rs.getString(1);
                    return gtid == null ? "" : gtid;
                }
            }
        }
    }

    /** Returns {rows written, rows read}. */
    private long[] copyTable(Connection src, Connection dst, Table t) throws SQLException {
        Optional<StreamStore.CopyProgress> progress = StreamStore.copyProgress(dst, workflow, t.name());
        if (progress.isPresent() && progress.get().done()) {
            return new long[] {0, 0};
        }
        ColumnMapping mapping = t.mapping(TableLayout.read(src, sourceDb, t.name()), dst, targetDb);
        List<Object> after = progress.map(StreamStore.CopyProgress::lastKey).orElse(List.of());
        BlockingQueue<CopyReader.Batch> batches = new ArrayBlockingQueue<>(2);
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "copy-read-" + workflow);
            th.setDaemon(true);
            return th;
        });
        long written = 0;
        long read = 0;
        try {
            Future<Void> reading = reader.submit(new CopyReader(src, sourceDb, mapping.read(), mapping.write().name(), t.selector(), after, batchRows, MAX_BATCH_CHARS, batches));
            while (true) {
                CopyReader.Batch b = next(batches, reading);
                if (b.sql() != null) {
                    try (Statement ins = dst.createStatement()) {
                        ins.setEscapeProcessing(false);
                        ins.executeUpdate(b.sql());
                    }
                    written += b.rows();
                    StreamStore.addRowsCopied(dst, workflow, b.rows());
                }
                read += b.read();
                StreamStore.saveCopyProgress(dst, workflow, t.name(), b.lastKey(), b.last());
                dst.commit();
                if (b.last()) {
                    return new long[] {written, read};
                }
            }
        } finally {
            reader.shutdownNow();
        }
    }

    /** The reader's next batch, or its failure. */
    private static CopyReader.Batch next(BlockingQueue<CopyReader.Batch> batches, Future<Void> reading) throws SQLException {
        try {
            while (true) {
                CopyReader.Batch b = batches.poll(100, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
                if (reading.isDone()) {
                    reading.get();
                    b = batches.poll();
                    if (b == null) {
                        throw new SQLException("the copy's reader stopped before the end of the table");
                    }
                    return b;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while copying", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException se) {
                throw se;
            }
            throw new SQLException("reading the source failed: " + e.getCause(), e.getCause());
        }
    }
}
