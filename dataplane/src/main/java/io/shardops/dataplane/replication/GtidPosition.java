package io.shardops.dataplane.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A MariaDB GTID position: for each replication domain, the last applied GTID
 * {@code domain-server-sequence}, written comma-separated, e.g. {@code 0-101-42,1-7-3}.
 */
public record GtidPosition(Map<Long, Gtid> domains) {
    public GtidPosition {
        domains = Map.copyOf(domains);
    }

    /** One GTID. */
    public record Gtid(long domain, long server, long sequence) {
        @Override
        public String toString() {
            return domain + "-" + server + "-" + sequence;
        }
    }

    public static final GtidPosition EMPTY = new GtidPosition(Map.of());

    public static GtidPosition parse(String text) {
        Map<Long, Gtid> m = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            String[] f = p.split("-");
            if (f.length != 3) {
                throw new IllegalArgumentException("a GTID is DOMAIN-SERVER-SEQUENCE, got '" + p + "' in '" + text + "'");
            }
            try {
                Gtid g = new Gtid(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
                m.put(g.domain(), g);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a GTID is three numbers DOMAIN-SERVER-SEQUENCE, got '" + p + "'", e);
            }
        }
        return new GtidPosition(m);
    }

    /**
     * Every GTID of a list that may name several servers per domain, as {@code @@gtid_binlog_state} prints it
     * ({@code 0-100-47,0-102-8396}: the last sequence each server wrote in the domain). {@link #parse} keeps one per
     * domain; this keeps them all.
     */
    public static List<Gtid> parseState(String text) {
        List<Gtid> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.addAll(parse(part).domains().values());
            }
        }
        return out;
    }

    /** Whether this position includes everything in {@code other}: per domain, a sequence at least as high. */
    public boolean contains(GtidPosition other) {
        for (Gtid g : other.domains.values()) {
            Gtid mine = domains.get(g.domain());
            if (mine == null || mine.sequence() < g.sequence()) {
                return false;
            }
        }
        return true;
    }

    /** This position with {@code domain}'s last GTID replaced. */
    public GtidPosition with(long domain, long server, long sequence) {
        Map<Long, Gtid> m = new TreeMap<>(domains);
        m.put(domain, new Gtid(domain, server, sequence));
        return new GtidPosition(m);
    }

    /** Per domain, the higher of the two sequences: everything either position has (both of one history). */
    public GtidPosition union(GtidPosition other) {
        Map<Long, Gtid> m = new TreeMap<>(domains);
        for (Gtid g : other.domains.values()) {
            Gtid mine = m.get(g.domain());
            if (mine == null || mine.sequence() < g.sequence()) {
                m.put(g.domain(), g);
            }
        }
        return new GtidPosition(m);
    }

    public boolean isEmpty() {
        return domains.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(domains).values().forEach(g -> sb.append(sb.length() == 0 ? "" : ",").append(g));
        return sb.toString();
    }

    // --- used by the binlog archive (dataplane.archive); kept in one block at the end ---

    /** This position with {@code gtid} as its domain's last transaction. */
    public GtidPosition with(Gtid gtid) {
        return with(gtid.domain(), gtid.server(), gtid.sequence());
    }
}
