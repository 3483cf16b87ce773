package io.shardops.reconciler.archive;

import io.shardops.dataplane.archive.BinlogArchiver;
import io.shardops.dataplane.mysqlctl.MysqlAccounts;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps one archiver per shard whose primary runs here, following that primary: a new primary (after a switch)
 * is followed from where the archive ends; a shard whose primary is gone from this node stops being archived
 * here (the node that hosts the new primary carries on).
 */
public final class ArchiveSupervisor implements AutoCloseable {
    /** A primary tablet this node runs. */
    public record Primary(String keyspace, String shard, String alias, String host, int mysqlPort) {}

    private final ArchiveLocations locations;
    private final MysqlAccounts accounts;
    private final Supplier<List<Primary>> primaries;
    private final BinlogArchiver.Settings settings;
    private final Consumer<String> log;
    private final Map<String, BinlogArchiver> archivers = new HashMap<>();
    /** Where each archiver writes, to notice a policy that moved the keyspace's location. */
    private final Map<String, ArchiveLocations.Where> locationOf = new HashMap<>();
    /** The last error logged per shard: each is logged once, not every check. */
    private final Map<String, String> reported = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "binlog-archive-supervisor");
        t.setDaemon(true);
        return t;
    });

    public ArchiveSupervisor(ArchiveLocations locations, MysqlAccounts accounts, Supplier<List<Primary>> primaries,
                             BinlogArchiver.Settings settings, Consumer<String> log) {
        this.locations = locations;
        this.accounts = accounts;
        this.primaries = primaries;
        this.settings = settings;
        this.log = log;
    }

    public ArchiveSupervisor start(long everyMillis) {
        timer.scheduleWithFixedDelay(this::check, 0, everyMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    synchronized void check() {
        try {
            Set<String> seen = new HashSet<>();
            for (Primary p : primaries.get()) {
                String key = p.keyspace() + "/" + p.shard();
                seen.add(key);
                BinlogArchiver a = archivers.get(key);
                ArchiveLocations.Where where = locations.where(p.keyspace());
                if (a != null && !where.equals(locationOf.get(key))) {
                    // the applied backup policy names another location: the archive goes on there
                    a.close();
                    archivers.remove(key);
                    log.accept("binlog archive of " + key + " moves to " + where.location() + " (the backup policy changed)");
                    a = null;
                }
                if (a == null) {
                    a = new BinlogArchiver(locations.location(p.keyspace()), p.keyspace(), p.shard(), MysqlAccounts.ADMIN_USER,
                            accounts.adminPassword(), settings, Clock.systemUTC()).start();
                    archivers.put(key, a);
                    locationOf.put(key, where);
                    log.accept("binlog archive of " + key + " into " + locations.where(p.keyspace()).location() + " follows " + p.alias());
                }
                a.follow(new BinlogArchiver.Source(p.alias(), p.host(), p.mysqlPort()));
                String error = a.status().lastError();
                if (!error.isEmpty() && !error.equals(reported.put(key, error))) {
                    log.accept("binlog archive of " + key + ": " + error);
                }
            }
            archivers.entrySet().removeIf(e -> {
                if (!seen.contains(e.getKey())) {
                    e.getValue().close();
                    locationOf.remove(e.getKey());
                    log.accept("binlog archive of " + e.getKey() + ": its primary is no longer on this node");
                    return true;
                }
                return false;
            });
        } catch (RuntimeException e) {
            log.accept("binlog archive: " + e.getMessage());
        }
    }

    public synchronized List<BinlogArchiver.Status> statuses() {
        return archivers.values().stream().map(BinlogArchiver::status).toList();
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        archivers.values().forEach(BinlogArchiver::close);
        archivers.clear();
    }
}
