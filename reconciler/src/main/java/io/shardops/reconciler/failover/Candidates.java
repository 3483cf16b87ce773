package io.shardops.reconciler.failover;

import io.shardops.dataplane.replication.GtidPosition;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The decisions of a failover that need no I/O: which replica to promote, and whether a former primary may rejoin. */
public final class Candidates {
    private Candidates() {}

    /** A replica-type tablet that may become primary, with what it has received. */
    public record Candidate(String alias, GtidPosition position) {}

    /**
     * The most advanced candidate: one whose position contains every other's, so promoting it loses nothing any
     * acknowledger had. Under semi-sync every acknowledged write is on at least one of them, so it is on this one.
     * When no candidate contains all (positions of diverged histories), the one with the most transactions, then
     * the lowest alias, so the choice is the same on every run.
     */
    public static Optional<Candidate> mostAdvanced(List<Candidate> candidates) {
        for (Candidate c : candidates.stream().sorted(Comparator.comparing(Candidate::alias)).toList()) {
            if (candidates.stream().allMatch(o -> c.position().contains(o.position()))) {
                return Optional.of(c);
            }
        }
        return candidates.stream().max(Comparator.comparingLong((Candidate c) -> total(c.position()))
                .thenComparing(Candidate::alias, Comparator.reverseOrder()));
    }

    private static long total(GtidPosition p) {
        return p.domains().values().stream().mapToLong(GtidPosition.Gtid::sequence).sum();
    }

    /**
     * Whether a former primary holds transactions the new primary lacks (errant GTIDs): written on it after the
     * last one a replica received, so never acknowledged under semi-sync. Such a server cannot replicate from the
     * new primary without diverging; it must be rebuilt, not re-joined.
     *
     * <p>Compared per server, not per domain: after a failover the new primary's last GTID in a domain is its own
     * (0-102-8396) and outnumbers the former primary's unacknowledged 0-100-48, but its binlog state says the last
     * transaction it has from server 100 is 0-100-47. A server the new primary has no entry for (its binlog began
     * after that server's last write, e.g. restored from a backup) is compared by the domain's position instead.
     *
     * @param formerState     the former primary's {@code @@gtid_binlog_state}
     * @param primaryState    the new primary's {@code @@gtid_binlog_state}
     * @param primaryPosition the new primary's {@code @@gtid_current_pos}
     */
    public static boolean hasErrantTransactions(List<GtidPosition.Gtid> formerState, List<GtidPosition.Gtid> primaryState,
            GtidPosition primaryPosition) {
        for (GtidPosition.Gtid g : formerState) {
            Optional<GtidPosition.Gtid> same = primaryState.stream()
                    .filter(p -> p.domain() == g.domain() && p.server() == g.server()).findFirst();
            if (same.isPresent()) {
                if (same.get().sequence() < g.sequence()) {
                    return true;
                }
                continue;
            }
            GtidPosition.Gtid theirs = primaryPosition.domains().get(g.domain());
            if (theirs == null || theirs.sequence() < g.sequence()
                    // same sequence number, written by another server: two histories
                    || theirs.sequence() == g.sequence() && theirs.server() != g.server()) {
                return true;
            }
        }
        return false;
    }

}
