package io.shardops.reconciler.restore;

import io.shardops.dataplane.archive.ArchiveCatalog;
import io.shardops.dataplane.archive.ArchiveGapException;
import io.shardops.dataplane.archive.BinlogReplay;
import io.shardops.dataplane.replication.GtidPosition;
import io.shardops.dataplane.backup.BackupCatalog;
import io.shardops.dataplane.backup.BackupLocation;
import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologySource;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.reconciler.apply.steps.topology.TopologySteps;
import io.shardops.reconciler.archive.ArchiveLocations;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import io.shardops.reconciler.apply.steps.tablets.TabletSteps;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.sql.Sql;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code shardops restore KS --to TIME --into NEW_KS}. First, with nothing touched, it checks that every shard of
 * KS has a backup that ended at or before TIME and an archive without a gap from that backup to TIME (waiting a
 * little for an archive that is seconds behind). Then NEW_KS is made like KS (same shards and key ranges, same
 * VSchema), recorded in the topology as a snapshot of KS at TIME, one tablet per shard; each tablet gets its
 * shard's backup, the archived transactions up to TIME (only KS's database), its tables moved into NEW_KS's
 * database and the app account granted SELECT only: the keyspace is read-only and reachable through the gateway.
 */
public final class SnapshotRestore {
    /** How long a restore waits for an archive that has not reached TIME yet (its segments are cut every few seconds). */
    static final Duration ARCHIVE_WAIT = Duration.ofSeconds(90);

    public record Request(String keyspace, Instant time, String into) {}

    private final String cluster;
    private final TopologySource topology;
    private final TopologyWriter writer;
    private final TabletSteps tablets;
    private final TabletManagers managers;
    private final ArchiveLocations locations;
    private final MysqlAccounts accounts;
    private final Path workDir;
    private final Clock clock;
    private final Consumer<String> progress;

    public SnapshotRestore(String cluster, TopologySource topology, TopologyWriter writer, TabletSteps tablets,
                           TabletManagers managers, ArchiveLocations locations, MysqlAccounts accounts, Path workDir,
                           Clock clock, Consumer<String> progress) {
        this.cluster = cluster;
        this.topology = topology;
        this.writer = writer;
        this.tablets = tablets;
        this.managers = managers;
        this.locations = locations;
        this.accounts = accounts;
        this.workDir = workDir;
        this.clock = clock;
        this.progress = progress;
    }

    /** A shard of the source and what restores it. */
    record ShardSource(ShardRecord shard, BackupManifest backup) {}

    public void run(Request r) throws InterruptedException {
        Topology t = topology.read(cluster);
        List<ShardSource> sources = check(t, r);
        progress.accept("Creating snapshot keyspace " + r.into() + " of " + r.keyspace() + " at " + r.time() + " ("
                + sources.size() + " shard(s), read-only)");
        StepContext ctx = new StepContext(cluster, "restore-" + r.into(), writer, t.cells());
        TopologySteps.createKeyspace(new Action.CreateKeyspace(r.into(), List.of()), ctx);
        t.vschemas().entrySet().stream().filter(e -> e.getKey().equals(r.keyspace())).findFirst()
                .ifPresent(e -> writer.putVSchema(r.into(), e.getValue()));
        // marked as a snapshot: plans of the spec leave it alone
        writer.updateKeyspace(r.into(), k -> new KeyspaceRecord(k.name(), k.servedFrom(),
                new KeyspaceRecord.Snapshot(r.keyspace(), r.time().toString())));
        for (ShardSource s : sources) {
            restoreShard(ctx, r, s);
        }
        progress.accept("Restore complete: " + r.into() + " has " + r.keyspace() + "'s data as of " + r.time()
                + "; read it through the gateway with: use " + r.into());
    }

    private List<ShardSource> check(Topology t, Request r) throws InterruptedException {
        if (t.keyspace(r.keyspace()).isEmpty()) {
            throw new RestoreException("keyspace " + r.keyspace() + " does not exist; shardops status lists the keyspaces");
        }
        if (t.keyspace(r.into()).isPresent()) {
            throw new RestoreException("keyspace " + r.into() + " exists already; restore into a new name");
        }
        if (!r.into().matches("[A-Za-z0-9_]{1,64}")) {
            throw new RestoreException("'" + r.into() + "' is not a keyspace name: letters, digits and '_', at most 64");
        }
        Instant now = clock.instant();
        if (r.time().isAfter(now)) {
            throw new RestoreException("--to " + r.time() + " is in the future (now is " + now.truncatedTo(ChronoUnit.SECONDS)
                    + "); give a time at or before now");
        }
        BackupLocation location = locations.location(r.keyspace());
        BackupCatalog backups = new BackupCatalog(location);
        List<ShardSource> out = new ArrayList<>();
        for (ShardRecord shard : t.shardsOf(r.keyspace())) {
            BackupManifest backup;
            try {
                backup = backups.latestBefore(r.keyspace(), shard.name(), r.time()).orElseThrow(() -> new RestoreException(
                        "no backup of " + r.keyspace() + "/" + shard.name() + " in " + location.describe() + " ended at or before "
                                + r.time() + oldest(backups, r.keyspace(), shard.name())
                                + "; a restore starts from a backup taken before the time: take one with shardops backup "
                                + r.keyspace() + " and restore to a time after it"));
                awaitArchive(location, r, shard.name(), backup);
            } catch (IOException e) {
                throw new RestoreException("cannot read " + location.describe() + ": " + e.getMessage(), e);
            }
            out.add(new ShardSource(shard, backup));
        }
        if (out.isEmpty()) {
            throw new RestoreException("keyspace " + r.keyspace() + " has no shards to restore");
        }
        return out;
    }

    private static String oldest(BackupCatalog backups, String keyspace, String shard) {
        try {
            List<BackupManifest> all = backups.shard(keyspace, shard);
            return all.isEmpty() ? " (it has none)" : " (the oldest ended at " + all.get(0).endTime() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** Checks the archive reaches TIME without a gap from the backup on; waits when it is only a little behind. */
    private void awaitArchive(BackupLocation location, Request r, String shard, BackupManifest backup)
            throws IOException, InterruptedException {
        BinlogReplay replay = new BinlogReplay(location);
        Instant deadline = clock.instant().plus(ARCHIVE_WAIT);
        boolean said = false;
        boolean caughtUp = false;
        while (true) {
            try {
                replay.plan(r.keyspace(), shard, GtidPosition.parse(backup.gtidPosition()), r.time());
                return;
            } catch (ArchiveGapException e) {
                boolean behind = new ArchiveCatalog(location).coveredThrough(r.keyspace(), shard).map(c -> c.isBefore(r.time())).orElse(true);
                if (!behind && !caughtUp) {
                    // the archive reached TIME between the plan and this look: plan once more before calling it a gap
                    caughtUp = true;
                    continue;
                }
                if (!behind || clock.instant().isAfter(deadline)) {
                    throw new RestoreException(e.getMessage());
                }
                if (!said) {
                    progress.accept("  waiting for the binlog archive of " + r.keyspace() + "/" + shard + " to reach " + r.time());
                    said = true;
                }
                Thread.sleep(500);
            }
        }
    }

    private void restoreShard(StepContext ctx, Request r, ShardSource s) throws InterruptedException {
        String shard = s.shard().name();
        String target = r.into() + "/" + shard;
        try {
            TopologySteps.createShard(new Action.CreateShard(r.into(), shard, s.shard().keyRange().name(), true), ctx);
        } catch (StepException e) {
            throw new RestoreException("create shard " + target + ": " + e.getMessage(), e);
        }
        progress.accept("  " + target + ": starting a tablet");
        tablets.startTablets(new Action.StartTablets(r.into(), shard, 1, 0));
        TabletRecord tablet = topology.read(cluster).tablets().values().stream()
                .filter(t -> t.keyspace().equals(r.into()) && t.shard().equals(shard)).findFirst()
                .orElseThrow(() -> new RestoreException("the tablet of " + target + " did not register"));
        TabletManager manager = managers.of(tablet);
        progress.accept("  " + target + ": restoring backup " + s.backup().name() + " (GTID " + s.backup().gtidPosition() + ")");
        ArchiveLocations.Where where = locations.where(r.keyspace());
        manager.restoreBackup(new BackupRequest(where.location(), where.credentialsFile(), r.keyspace(), shard,
                s.backup().keyRange()), s.backup());
        BinlogReplay.Target mysql = new BinlogReplay.Target("127.0.0.1".equals(tablet.hostname()) ? "127.0.0.1" : tablet.hostname(),
                tablet.mysqlPort(), MysqlAccounts.ADMIN_USER, accounts.adminPassword());
        try {
            BinlogReplay.Result replayed = new BinlogReplay(locations.location(r.keyspace())).replay(r.keyspace(), shard,
                    r.keyspace(), GtidPosition.parse(s.backup().gtidPosition()), r.time(), mysql,
                    workDir.resolve(r.into() + "-" + shard));
            progress.accept("  " + target + ": replayed " + replayed.segments().size() + " archived binlog segment(s) up to " + r.time());
            moveIntoSnapshotDatabase(mysql, r.keyspace(), r.into());
        } catch (IOException | ArchiveGapException | SQLException e) {
            throw new RestoreException("restore of " + target + " failed: " + e.getMessage()
                    + "; drop the half-made keyspace from the topology before trying again", e);
        }
        tablets.initPrimary(r.into(), shard);
        progress.accept("  " + target + ": serving read-only from " + tablet.alias());
    }

    /**
     * The restored tables move from KS's database to NEW_KS's (a rename within the server; the tablet serves the
     * database named after its keyspace), and the app account, the one the gateway's queries use, may only read.
     */
    static void moveIntoSnapshotDatabase(BinlogReplay.Target mysql, String from, String into) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://" + mysql.host() + ":" + mysql.port()
                + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000", mysql.user(), mysql.password());
             Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            st.execute("CREATE DATABASE IF NOT EXISTS " + Sql.identifier(into));
            List<String> tables = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
                ps.setString(1, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            for (String table : tables) {
                st.execute("RENAME TABLE " + Sql.qualified(from, table) + " TO " + Sql.qualified(into, table));
            }
            st.execute("DROP DATABASE IF EXISTS " + Sql.identifier(from));
            List<String> hosts = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT host FROM mysql.user WHERE user = ?")) {
                ps.setString(1, MysqlAccounts.APP_USER);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hosts.add(rs.getString(1));
                    }
                }
            }
            for (String host : hosts) {
                String app = Sql.literal(MysqlAccounts.APP_USER) + "@" + Sql.literal(host);
                st.execute("REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + app);
                st.execute("GRANT SELECT, SHOW VIEW ON " + Sql.identifier(into) + ".* TO " + app);
            }
        }
    }
}
