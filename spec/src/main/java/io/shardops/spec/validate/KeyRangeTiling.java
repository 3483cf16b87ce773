package io.shardops.spec.validate;

import io.shardops.spec.key.KeyRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Whether a set of shards covers the whole key range once, and if not, where it fails. */
final class KeyRangeTiling {
    private KeyRangeTiling() {}

    /** A shard as written and the range its name denotes. */
    record Named(String name, KeyRange range) {}

    /** Empty when the shards tile the whole range; otherwise the first gap or overlap, in words. */
    static Optional<String> problem(List<Named> shards) {
        if (shards.isEmpty()) {
            return Optional.of("no shard covers the key range");
        }
        List<Named> sorted = new ArrayList<>(shards);
        sorted.sort(Comparator.comparing((Named n) -> n.range().start(), KeyRange::compare));
        Named first = sorted.get(0);
        if (KeyRange.compare(first.range().start(), new byte[0]) != 0) {
            return Optional.of("no shard covers the start of the key range, before " + hex(first.range().start()) + " (first shard: " + first.name() + ")");
        }
        for (int i = 1; i < sorted.size(); i++) {
            Named prev = sorted.get(i - 1);
            Named cur = sorted.get(i);
            byte[] end = prev.range().end();
            if (end.length == 0) {
                return Optional.of("shards " + prev.name() + " and " + cur.name() + " overlap");
            }
            int c = KeyRange.compare(cur.range().start(), end);
            if (c < 0) {
                return Optional.of("shards " + prev.name() + " and " + cur.name() + " overlap");
            }
            if (c > 0) {
                return Optional.of("gap between shards " + prev.name() + " and " + cur.name() + ": nothing covers " + hex(end) + "-" + hex(cur.range().start()));
            }
        }
        Named last = sorted.get(sorted.size() - 1);
        if (last.range().end().length != 0) {
            return Optional.of("no shard covers the end of the key range, from " + hex(last.range().end()) + " (last shard: " + last.name() + ")");
        }
        return Optional.empty();
    }

    /**
     * Whether the shards split into two layouts that each tile the range (an inferred reshard:
     * the old shards and the new ones listed together). Shards may belong to both layouts.
     */
    static boolean twoLayouts(List<Named> shards) {
        if (shards.size() > 24) {
            return false;
        }
        List<List<Integer>> paths = new ArrayList<>();
        collectPaths(shards, new byte[0], new ArrayList<>(), paths, false);
        Set<Integer> all = indexes(shards.size());
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                Set<Integer> union = new HashSet<>(paths.get(i));
                union.addAll(paths.get(j));
                if (union.equals(all)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<Integer> indexes(int n) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < n; i++) {
            s.add(i);
        }
        return s;
    }

    private static final int MAX_PATHS = 1000;

    private static void collectPaths(List<Named> shards, byte[] from, List<Integer> path, List<List<Integer>> out, boolean started) {
        if (out.size() >= MAX_PATHS) {
            return;
        }
        for (int i = 0; i < shards.size(); i++) {
            if (path.contains(i)) {
                continue;
            }
            KeyRange r = shards.get(i).range();
            if (KeyRange.compare(r.start(), from) == 0 && (started || r.start().length == 0 || KeyRange.compare(r.start(), new byte[0]) == 0)) {
                path.add(i);
                if (r.end().length == 0) {
                    out.add(new ArrayList<>(path));
                } else {
                    collectPaths(shards, r.end(), path, out, true);
                }
                path.remove(path.size() - 1);
            }
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
