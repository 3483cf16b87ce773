package io.shardops.dataplane.tablet;

import io.shardops.dataplane.backup.BackupManifest;
import io.shardops.dataplane.backup.BackupProgress;
import io.shardops.dataplane.backup.BackupRequest;
import io.shardops.dataplane.backup.BackupVerification;
import io.shardops.dataplane.backup.ShardRestore;
import io.shardops.dataplane.tablet.diff.TableDiff;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.dataplane.tablet.shadow.AlterAlgorithm;
import io.shardops.dataplane.tablet.shadow.TableChecksum;
import io.shardops.spec.Durability;
import io.shardops.spec.TabletType;
import java.time.Duration;
import java.util.List;

/**
 * What the reconciler asks of a tablet: replication roles, schema, sequences, serving state.
 * {@link LocalTabletManager} runs in the tablet's process; {@link HttpTabletManagerClient} reaches one
 * across processes through the tablet's HTTP port. Every call is idempotent, so an apply that was
 * interrupted can repeat it.
 *
 * <p>Calls block (they run SQL on the tablet's MariaDB); never call them on an event loop.
 * Failures are {@link TabletManagerException}s whose message says what went wrong on which tablet.
 */
public interface TabletManager {
    /** Health, serving state, replication and the known tables. */
    TabletStatus status();

    /**
     * Makes this tablet its shard's primary on a fresh shard: replication off, writable, the tablet's
     * database created. Does nothing to a tablet that is already primary.
     *
     * @return the GTID position ({@code @@gtid_binlog_pos}) replicas start from
     */
    String initPrimary();

    /**
     * Points this tablet at its shard's primary (MariaDB GTID replication, {@code MASTER_USE_GTID=slave_pos})
     * and starts replication; the tablet becomes read-only. Re-pointing at the same primary is a no-op.
     */
    void setReplicationSource(String primaryHost, int primaryMysqlPort);

    /**
     * Turns a replica into the primary: replication stopped and forgotten, writable, type {@code PRIMARY}.
     * Replicas must then be pointed at it with {@link #setReplicationSource}.
     *
     * @return this tablet's GTID position when it became primary
     */
    String promoteReplica();

    void stopReplication();

    void startReplication();

    /**
     * Waits until this tablet has applied {@code gtidPosition} (e.g. the primary's position after a write).
     *
     * @throws TabletManagerException when the position is not reached within {@code timeout}
     */
    void waitForPosition(String gtidPosition, Duration timeout);

    /** The GTID position this tablet has: {@code @@gtid_current_pos}. */
    String replicationPosition();

    /**
     * Runs DDL statements in the tablet's database, in order. On a primary: its replicas receive them
     * through replication. A {@code CREATE TABLE} for a table that exists with the same definition is skipped.
     */
    void applySchema(List<String> statements);

    /** The tables of the tablet's database; {@code tables} empty means all. */
    List<TableSchema> schema(List<String> tables);

    /**
     * Creates the named tables of {@code source} here, with the same definitions; tables that exist here
     * with an identical definition are left alone, a different definition is an error.
     */
    default void copySchemaFrom(TabletManager source, List<String> tables) {
        List<TableSchema> wanted = source.schema(tables);
        if (!tables.isEmpty() && wanted.size() != tables.size()) {
            List<String> found = wanted.stream().map(TableSchema::name).toList();
            List<String> missing = tables.stream().filter(t -> found.stream().noneMatch(t::equalsIgnoreCase)).toList();
            throw new TabletManagerException("copy schema: source tablet " + source.status().alias() + " has no table(s) " + missing);
        }
        applySchema(wanted.stream().map(TableSchema::createSql).toList());
    }

    /**
     * Creates a Vitess sequence table ({@code comment 'vitess_sequence'}) with its one row
     * {@code (0, start, cache)}; an existing sequence keeps its row.
     */
    void createSequence(String name, long start, long cache);

    /** Sets the tablet's type; the query service then allows writes only when it is {@code PRIMARY}. */
    void setTabletType(TabletType type);

    /** Whether the query service answers queries at all. */
    void setServing(boolean serving);

    /** The tables the query service refuses ("disallowed due to rule: enforce denied tables"). */
    void setDeniedTables(List<String> tables);

    /**
     * Starts (or resumes) a copy/catch-up stream into this tablet, the target shard's primary: snapshot copy
     * of the spec's tables from the source, then the source's binlog from the snapshot's position. Returns at
     * once; follow it with {@link #streams}. A stream already running is left alone; the stream's state is
     * kept in this tablet's MariaDB, so a restarted tablet resumes it.
     */
    void startStream(StreamSpec spec);

    /** Every stream into this tablet, with its state, position, rows copied and lag. */
    List<StreamStatus> streams();

    /** Waits until {@code workflow} has applied the source's {@code gtidPosition} (e.g. the source primary's position after it stopped taking writes). */
    void waitForStreamPosition(String workflow, String gtidPosition, Duration timeout);

    /**
     * Holds {@code workflow} at a position so it can be compared with a source at that same position: at
     * {@code until} (it goes on applying up to it) when it has not passed it, else where it is now. Returns
     * the position it holds at; {@link #waitForStreamPosition} waits for it to get there. Held until
     * {@link #resumeStream} (or a restart of the tablet).
     *
     * @param until a source GTID position, or "" to hold where it is
     */
    String pauseStream(String workflow, String until);

    /** Lets a stream held by {@link #pauseStream} apply again. */
    void resumeStream(String workflow);

    /**
     * Starts replication up to {@code gtidPosition} of its source and no further (MariaDB's
     * {@code START SLAVE UNTIL master_gtid_pos}); {@link #waitForPosition} waits for it to get there.
     */
    void startReplicationUntil(String gtidPosition);

    /** Stops a stream, keeping its state so {@link #startStream} resumes it. */
    void stopStream(String workflow);

    /** Stops a stream and forgets it (its copied rows stay). */
    void deleteStream(String workflow);

    /**
     * Waits up to {@code grace} for the transactions that wrote on this tablet's MariaDB and are still open to
     * end, then kills those left (they roll back; their COMMIT fails). A primary switch calls it on each source
     * primary once writes stopped, so no write commits after the source's final position was read.
     *
     * @return how many transactions were killed
     */
    int endOpenWriteTransactions(Duration grace);

    /**
     * Compares one table of this tablet (a move's target primary) with the same table on the source MariaDB
     * the spec names, row for row, for the rows the pair must agree on. The caller makes the source and the
     * stream into this tablet stand still at matching positions first.
     */
    TableDiff.Result diffTable(TableDiffSpec spec);

    // ---- online schema changes (docs/schema-changes.md), on the shard's primary

    /**
     * The best algorithm MariaDB accepts for {@code alterClauses} on {@code table} ({@code instant}, {@code nocopy},
     * {@code inplace}, else {@code copy}), asked by running it on an empty copy of the table that replicas never see.
     */
    AlterAlgorithm probeAlter(String table, String alterClauses);

    /**
     * Creates the empty {@code shadow} table: {@code table}'s definition changed by {@code alterClauses}.
     *
     * @param fresh drop a {@code shadow} left by an earlier change first; false keeps an existing one (a change resumed)
     */
    void createShadowTable(String table, String shadow, String alterClauses, boolean fresh);

    /**
     * The query service refuses statements on {@code tables} with a message gateways hold and send again (a schema
     * cut-over), once every statement admitted before has answered; an empty list lifts the hold.
     */
    void holdTables(List<String> tables);

    /**
     * {@code RENAME TABLE table TO outgoing, incoming TO table}, atomically; nothing when already swapped.
     *
     * @return whether it swapped now
     */
    boolean swapTables(String table, String incoming, String outgoing);

    /**
     * Compares {@code table} with {@code target}, which stream {@code workflow} fills from the table's binlog, while
     * writes go on: both as of one binlog position, the stream held there for a moment.
     */
    TableChecksum verifyFollowing(String table, String target, String workflow);

    /** InnoDB's estimate of a table's rows (0 for a table that does not exist). */
    long estimatedRows(String table);

    // ---- durability, failover and fencing (issue 16)

    /**
     * Runs this tablet with {@code durability}: MariaDB's semi-sync on its side for its type (primary waits for a
     * replica's acknowledgement; replica acknowledges; rdonly never), kept across restarts and role changes.
     */
    void setDurability(Durability durability);

    /**
     * Stops receiving from the primary and returns the GTID position this replica has, applied or still in its
     * relay log: an emergency reparent promotes the replica with the most.
     */
    String stopReplicationReceiving();

    /**
     * Turns a former primary into a read-only, not-serving replica-type tablet at once, ending its open write
     * transactions (a write blocked waiting for semi-sync acknowledgement is rolled back or left errant; it was
     * never acknowledged). The caller then re-points it or reports it for rebuild.
     */
    void fence();

    // ---- backups (issue 17). Defaults refuse, so a manager that cannot run mariadb-backup need not implement them.

    /**
     * Takes a backup of this tablet's MariaDB now ({@code mariadb-backup}, streamed, compressed) into the request's
     * location and returns its manifest, written last. One backup at a time per tablet.
     */
    default BackupManifest backup(BackupRequest request) {
        throw new TabletManagerException("this tablet manager does not take backups");
    }

    /** How far the running (or last) backup on this tablet is. */
    default BackupProgress backupProgress() {
        return BackupProgress.IDLE;
    }

    /**
     * Replaces this tablet's data with the backup {@code manifest} describes (from {@code request}'s location) and
     * sets its replication position to the backup's, so {@link #setReplicationSource} then replicates only what
     * came after. Only for a new tablet no client uses: its data is thrown away.
     */
    default ShardRestore.Result restoreBackup(BackupRequest request,
                                                                           BackupManifest manifest) {
        throw new TabletManagerException("this tablet manager does not restore backups");
    }

    /**
     * Verifies a backup of this tablet's shard by restoring it into a scratch MariaDB beside this tablet (a replica
     * or rdonly) and comparing every table's checksum with this tablet's at one GTID position.
     */
    default BackupVerification.Result verifyBackup(BackupRequest request, BackupManifest manifest) {
        throw new TabletManagerException("this tablet manager does not verify backups");
    }
}
