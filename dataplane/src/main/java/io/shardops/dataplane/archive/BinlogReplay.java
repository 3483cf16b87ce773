package io.shardops.dataplane.archive;

import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.replication.GtidPosition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Brings a restored server from a backup's GTID position forward to a point in time, with the shard's archived
 * segments: {@code mariadb-binlog --start-position=GTID --stop-datetime=TIME --database=DB} piped into the
 * {@code mysql} client. Only the keyspace's own database is replayed; the stop time is exclusive (the first
 * event at or after it is not applied), at the second precision of binlog timestamps.
 */
public final class BinlogReplay {
    private static final DateTimeFormatter STOP_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Duration TIMEOUT = Duration.ofHours(6);

    /** The server to replay into. */
    public record Target(String host, int port, String user, String password) {
        @Override
        public String toString() {
            return user + "@" + host + ":" + port;
        }
    }

    /** What a replay did. */
    public record Result(List<SegmentManifest> segments, GtidPosition from, Instant stopAt) {}

    private final BackupLocation location;
    private final ArchiveCatalog catalog;

    public BinlogReplay(BackupLocation location) {
        this.location = location;
        this.catalog = new ArchiveCatalog(location);
    }

    /**
     * The segments holding the shard's transactions after {@code from} up to {@code stopAt}, checked to follow
     * each other without a gap from {@code from} on, and checked to reach {@code stopAt}.
     */
    public List<SegmentManifest> plan(String keyspace, String shard, GtidPosition from, Instant stopAt)
            throws IOException, ArchiveGapException {
        Instant covered = catalog.coveredThrough(keyspace, shard).orElseThrow(() -> new ArchiveGapException(
                "shard " + keyspace + "/" + shard + " has no binlog archive in " + location.describe()));
        if (covered.isBefore(stopAt)) {
            throw new ArchiveGapException("the binlog archive of " + keyspace + "/" + shard + " reaches "
                    + covered + " only, before " + stopAt + "; wait for it to catch up (shardops status shows its lag)"
                    + " or choose an earlier time");
        }
        List<SegmentManifest> chosen = new ArrayList<>();
        GtidPosition reached = null;
        for (SegmentManifest m : catalog.segments(keyspace, shard)) {
            if (from.contains(m.end())) {
                continue; // wholly within the backup
            }
            if (!m.firstTime().isBefore(stopAt)) {
                break;
            }
            GtidPosition expectedStart = reached == null ? from : reached;
            if (reached == null ? !from.contains(m.start()) : !m.start().equals(expectedStart)) {
                throw new ArchiveGapException("the binlog archive of " + keyspace + "/" + shard + " has a gap before segment "
                        + m.number() + " (it starts at " + m.startPosition() + ", the restore has reached "
                        + expectedStart + "); restore to a time before " + m.firstEventTime() + " or from a later backup");
            }
            chosen.add(m);
            reached = m.end();
        }
        return List.copyOf(chosen);
    }

    /** Downloads the segments into {@code workDir}, checks them, and applies them to {@code target}. */
    public Result replay(String keyspace, String shard, String database, GtidPosition from, Instant stopAt, Target target,
                         Path workDir) throws IOException, ArchiveGapException, InterruptedException {
        List<SegmentManifest> segments = plan(keyspace, shard, from, stopAt);
        if (segments.isEmpty()) {
            return new Result(segments, from, stopAt);
        }
        Files.createDirectories(workDir);
        List<String> files = new ArrayList<>();
        for (SegmentManifest m : segments) {
            Path f = workDir.resolve(String.format("%010d.binlog", m.number()));
            download(m, f);
            files.add(f.toString());
        }
        List<String> binlog = new ArrayList<>(List.of("mariadb-binlog", "--no-defaults",
                "--stop-datetime=" + STOP_FORMAT.format(stopAt), "--database=" + database));
        if (!from.isEmpty()) {
            binlog.add("--start-position=" + from);
        }
        binlog.addAll(files);
        ProcessBuilder reader = new ProcessBuilder(binlog).redirectError(workDir.resolve("mariadb-binlog.err").toFile());
        // mariadb-binlog reads --stop-datetime in the local time zone: make that UTC
        reader.environment().put("TZ", "UTC");
        // replayed transactions keep their GTIDs but stay out of the restored server's own binlog: its binlog
        // history starts after the restore, and strict GTID mode refuses a primary's GTIDs after its own
        ProcessBuilder applier = new ProcessBuilder("mysql", "--no-defaults", "--binary-mode", "--batch",
                "--init-command=SET SESSION sql_log_bin = 0",
                "--protocol=TCP", "-h", target.host(), "-P", Integer.toString(target.port()), "-u", target.user())
                .redirectError(workDir.resolve("mysql.err").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // the password reaches the client through its environment, never its command line
        applier.environment().put("MYSQL_PWD", target.password());
        // a primary's GTIDs are out of order on the restored server (strict mode refuses even to set them); the
        // mode goes back on after the replay
        boolean strict = strictMode(target, null);
        strictMode(target, false);
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(reader, applier));
        try {
            for (Process p : pipeline) {
                if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IOException("binlog replay into " + target + " did not finish in " + TIMEOUT);
                }
            }
        } finally {
            pipeline.forEach(Process::destroyForcibly);
            strictMode(target, strict);
        }
        int readerExit = pipeline.get(0).exitValue();
        int applierExit = pipeline.get(1).exitValue();
        if (readerExit != 0 || applierExit != 0) {
            throw new IOException("binlog replay into " + target + " failed: mariadb-binlog exit " + readerExit + " "
                    + tail(workDir.resolve("mariadb-binlog.err")) + "; mysql exit " + applierExit + " " + tail(workDir.resolve("mysql.err")));
        }
        return new Result(segments, from, stopAt);
    }

    /** Sets the target's {@code gtid_strict_mode} when {@code on} is given; returns the value it had. */
    private static boolean strictMode(Target target, Boolean on) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + target.host() + ":" + target.port()
                + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000", target.user(), target.password());
             Statement st = c.createStatement()) {
            boolean was;
            try (ResultSet rs = st.executeQuery("SELECT @@global.gtid_strict_mode")) {
                rs.next();
                was = rs.getBoolean(1);
            }
            if (on != null) {
                st.execute("SET GLOBAL gtid_strict_mode = " + (on ? 1 : 0));
            }
            return was;
        } catch (SQLException e) {
            throw new IOException("binlog replay: cannot reach " + target + ": " + e.getMessage(), e);
        }
    }

    private void download(SegmentManifest m, Path f) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(location.open(m.dataObject()), sha)) {
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(m.sha256())) {
            throw new IOException("binlog segment " + m.dataObject() + " in " + location.describe() + " is corrupt: SHA-256 "
                    + actual + ", its manifest says " + m.sha256());
        }
    }

    private static String tail(Path f) {
        try {
            String s = Files.readString(f, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "" : "(" + (s.length() > 800 ? s.substring(s.length() - 800) : s) + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
