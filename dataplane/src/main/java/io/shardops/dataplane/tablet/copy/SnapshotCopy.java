package io.shardops.dataplane.tablet.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The copy phase of a stream, run on the target primary: reads each table from the source inside one
 * consistent snapshot ({@code START TRANSACTION WITH CONSISTENT SNAPSHOT}), in primary-key order and in
 * batches, keeps the rows its {@link RowSelector} accepts, and writes them to the target with
 * {@code REPLACE}; each batch and the table's last copied key commit together.
 *
 * <p>The source's GTID position at the first snapshot is recorded as the stream's start: the binlog
 * catch-up replays everything after it. An interrupted copy resumes after the last copied key from a
 * newer snapshot; replaying row events with full images from the older start position converges to the
 * source's rows all the same, because each event is applied as an upsert or delete by primary key.
 */
public final class SnapshotCopy {
    /** A table of the stream and which of its rows to carry. */
    public record Table(String name, RowSelector selector) {}

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
            if (existing.isPresent() && !"copying".equals(existing.get().state())) {
                return new Result(existing.get().startPosition(), 0, 0, Duration.ZERO);
            }
            String snapshotPos = startSnapshot(src);
            String startPos = existing.map(StreamStore.Stream::startPosition).orElse(snapshotPos);
            if (existing.isEmpty()) {
                StreamStore.create(dst, workflow, snapshotPos);
            }
            dst.setCatalog(targetDb);
            dst.setAutoCommit(false);
            for (Table t : tables) {
                long[] counts = copyTable(src, dst, t);
                copied += counts[0];
                read += counts[1];
            }
            StreamStore.setState(dst, workflow, "running", "");
            dst.commit();
            src.commit();
            return new Result(startPos, copied, read, Duration.ofNanos(System.nanoTime() - t0));
        }
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
        TableLayout layout = TableLayout.read(src, sourceDb, t.name());
        Predicate<Object[]> accepts = t.selector().bind(layout.columns());
        List<Object> lastKey = progress.map(StreamStore.CopyProgress::lastKey).orElse(List.of());
        String base = "SELECT " + layout.quotedColumns() + " FROM " + TableLayout.quote(sourceDb) + "." + TableLayout.quote(t.name());
        String first = base + " ORDER BY " + layout.orderBy() + " LIMIT " + batchRows;
        String next = base + " WHERE " + layout.afterKeyCondition() + " ORDER BY " + layout.orderBy() + " LIMIT " + batchRows;
        long written = 0;
        long read = 0;
        int width = layout.columns().size();
        String insertPrefix = "REPLACE INTO " + TableLayout.quote(t.name()) + " (" + layout.quotedColumns() + ") VALUES ";
        // read the next batch from the source while this one is written to the target
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "copy-read-" + workflow);
            th.setDaemon(true);
            return th;
        });
        try {
            List<Object> firstKey = lastKey;
            java.util.concurrent.Future<List<Object[]>> nextRead = reader.submit(() -> readBatch(src, layout, first, next, firstKey, width));
            while (true) {
                List<Object[]> batch = await(nextRead);
                read += batch.size();
                boolean done = batch.size() < batchRows;
                if (!batch.isEmpty()) {
                    lastKey = layout.keyOf(batch.get(batch.size() - 1));
                }
                if (!done) {
                    List<Object> from = lastKey;
                    nextRead = reader.submit(() -> readBatch(src, layout, first, next, from, width));
                }
                List<Object[]> keep = batch.stream().filter(accepts).toList();
                if (!keep.isEmpty()) {
                    StringBuilder sql = new StringBuilder(keep.size() * width * 16 + 64).append(insertPrefix);
                    for (int r = 0; r < keep.size(); r++) {
                        sql.append(r == 0 ? "(" : "),(");
                        Object[] row = keep.get(r);
                        for (int i = 0; i < row.length; i++) {
                            if (i > 0) {
                                sql.append(',');
                            }
                            Rows.appendLiteral(sql, row[i]);
                        }
                    }
                    sql.append(')');
                    try (Statement ins = dst.createStatement()) {
                        ins.setEscapeProcessing(false);
                        ins.executeUpdate(sql.toString());
                    }
                    written += keep.size();
                    StreamStore.addRowsCopied(dst, workflow, keep.size());
                }
                StreamStore.saveCopyProgress(dst, workflow, t.name(), lastKey, done);
                dst.commit();
                if (done) {
                    return new long[] {written, read};
                }
            }
        } finally {
            reader.shutdownNow();
        }
    }

    private static List<Object[]> readBatch(Connection src, TableLayout layout, String first, String next, List<Object> lastKey, int width)
            throws SQLException {
        List<Object[]> batch = new ArrayList<>();
        try (PreparedStatement ps = src.prepareStatement(lastKey.isEmpty() ? first : next)) {
            if (!lastKey.isEmpty()) {
                List<Object> params = layout.afterKeyParameters(lastKey);
                for (int i = 0; i < params.size(); i++) {
                    Rows.bind(ps, i + 1, params.get(i));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    batch.add(row);
                }
            }
        }
        return batch;
    }

    private static List<Object[]> await(java.util.concurrent.Future<List<Object[]>> f) throws SQLException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while copying", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException se) {
                throw se;
            }
            throw new SQLException("reading the source failed: " + e.getCause(), e.getCause());
        }
    }
}
