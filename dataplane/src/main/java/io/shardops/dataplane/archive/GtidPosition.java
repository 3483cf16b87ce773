package io.shardops.dataplane.archive;

import java.util.Map;
import java.util.TreeMap;

/**
 * A MariaDB GTID position: the last transaction seen per replication domain, written {@code 0-101-42,1-102-7}
 * (domain-server-sequence, as {@code gtid_binlog_pos} and {@code gtid_slave_pos} print it). Empty is the start of
 * history.
 */
public record GtidPosition(Map<Long, Gtid> domains) {
    /** One transaction's id. */
    public record Gtid(long domain, long server, long sequence) {
        public static Gtid parse(String s) {
            String[] p = s.strip().split("-");
            if (p.length != 3) {
                throw new IllegalArgumentException("a GTID is domain-server-sequence, got '" + s + "'");
            }
            try {
                return new Gtid(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a GTID is domain-server-sequence, got '" + s + "'");
            }
        }

        @Override
        public String toString() {
            return domain + "-" + server + "-" + sequence;
        }
    }

    public GtidPosition {
        domains = Map.copyOf(new TreeMap<>(domains));
    }

    public static final GtidPosition EMPTY = new GtidPosition(Map.of());

    public static GtidPosition parse(String s) {
        if (s == null || s.isBlank()) {
            return EMPTY;
        }
        Map<Long, Gtid> m = new TreeMap<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                Gtid g = Gtid.parse(part);
                m.put(g.domain(), g);
            }
        }
        return new GtidPosition(m);
    }

    /** This position with {@code gtid} as its domain's last transaction. */
    public GtidPosition with(Gtid gtid) {
        Map<Long, Gtid> m = new TreeMap<>(domains);
        m.put(gtid.domain(), gtid);
        return new GtidPosition(m);
    }

    /** Whether every transaction up to {@code gtid} (in its domain) is within this position. */
    public boolean contains(Gtid gtid) {
        Gtid mine = domains.get(gtid.domain());
        return mine != null && mine.sequence() >= gtid.sequence();
    }

    /** Whether every transaction of {@code other} is within this position. */
    public boolean containsAll(GtidPosition other) {
        return other.domains.values().stream().allMatch(this::contains);
    }

    public boolean isEmpty() {
        return domains.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(",", new TreeMap<>(domains).values().stream().map(Gtid::toString).toList());
    }
}
