package io.shardops.dataplane.tablet;

import static io.shardops.dataplane.tablet.AdminSql.exec;
import static io.shardops.dataplane.tablet.AdminSql.query1;
import static io.shardops.dataplane.tablet.MariaDbReplication.slaveStatus;

import io.shardops.spec.Durability;
import io.shardops.spec.TabletType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A tablet's durability policy applied to its MariaDB's built-in semi-synchronous replication. MariaDB forgets
 * these settings when it restarts, so the policy is kept in a file of the tablet's directory and applied again
 * whenever the tablet's role is set (start, promotion, re-pointing, type change).
 *
 * <p>Under {@code semi-sync}: the primary waits {@code AFTER_SYNC} (a commit is acknowledged to the client only
 * once a replica has it, and no other session sees it before) with a timeout so long it never falls back to
 * asynchronous replication, as Vitess does: an acknowledged write is never only on the primary, at the price of
 * writes that wait while no replica acknowledges. Only {@code replica} tablets acknowledge; {@code rdonly} never.
 */
final class SemiSync {
    /** Milliseconds: about 31 years, i.e. never. MariaDB would switch to asynchronous after this long without an acknowledgement. */
    static final long NEVER_FALL_BACK_MILLIS = 1_000_000_000_000L;

    private final Path file;

    SemiSync(Path tabletDir) {
        this.file = tabletDir.resolve("durability");
    }

    Durability policy() {
        try {
            if (!Files.exists(file)) {
                return Durability.NONE;
            }
            String word = Files.readString(file, StandardCharsets.UTF_8).strip();
            return Durability.fromWord(word).orElse(Durability.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tablet's durability policy from " + file, e);
        }
    }

    void save(Durability d) {
        try {
            Path tmp = file.resolveSibling("durability.tmp");
            Files.writeString(tmp, d.word() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the tablet's durability policy to " + file, e);
        }
    }

    /**
     * Sets MariaDB's semi-sync variables for a tablet of {@code type} under the saved policy. A primary's side is
     * set before it is made writable by the caller, so no write it takes is acknowledged without a replica.
     * A replica's receiver reconnects (IO thread restarted) when its side changed, as MariaDB requires.
     */
    /**
     * A semi-sync replica that stops replication connects to its primary to end its binlog dump, waiting up to
     * this many seconds (MariaDB's default is 5): a dead or cut-off primary would hold every failover that long.
     */
    static final int KILL_CONNECTION_TIMEOUT_SECONDS = 1;

    /** Before stopping replication: do not wait long for a primary that may be gone. */
    static void stopQuickly(Connection c) throws SQLException {
        exec(c, "SET GLOBAL rpl_semi_sync_slave_kill_conn_timeout = " + KILL_CONNECTION_TIMEOUT_SECONDS);
    }

    void apply(Connection c, TabletType type) throws SQLException {
        stopQuickly(c);
        boolean semiSync = policy() == Durability.SEMI_SYNC;
        boolean primarySide = semiSync && type == TabletType.PRIMARY;
        boolean replicaSide = semiSync && type == TabletType.REPLICA;
        if (primarySide) {
            exec(c, "SET GLOBAL rpl_semi_sync_master_wait_point = AFTER_SYNC");
            exec(c, "SET GLOBAL rpl_semi_sync_master_timeout = " + NEVER_FALL_BACK_MILLIS);
            exec(c, "SET GLOBAL rpl_semi_sync_master_wait_no_slave = ON");
        }
        exec(c, "SET GLOBAL rpl_semi_sync_master_enabled = " + (primarySide ? "ON" : "OFF"));
        boolean wasReplicaSide = "1".equals(query1(c, "SELECT @@rpl_semi_sync_slave_enabled"));
        if (wasReplicaSide != replicaSide) {
            exec(c, "SET GLOBAL rpl_semi_sync_slave_enabled = " + (replicaSide ? "ON" : "OFF"));
            var status = slaveStatus(c);
            if (status.isPresent() && status.get().ioRunning()) {
                exec(c, "STOP SLAVE IO_THREAD");
                exec(c, "START SLAVE IO_THREAD");
            }
        }
    }
}
