package io.shardops.spec.validate;

import io.shardops.spec.Keyspace;
import io.shardops.spec.Migration;
import io.shardops.spec.Shard;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.key.KeyRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shard names are key ranges; each layout of a keyspace tiles the range; tablet counts make sense. */
final class ShardChecks {
    private ShardChecks() {}

    static void run(Checks c) {
        List<Keyspace> keyspaces = c.cluster.keyspaces();
        for (int k = 0; k < keyspaces.size(); k++) {
            keyspace(c, k, keyspaces.get(k));
        }
    }

    private static void keyspace(Checks c, int k, Keyspace ks) {
        List<KeyRangeTiling.Named> valid = new ArrayList<>();
        Map<KeyRange, String> seen = new HashMap<>();
        boolean namesOk = true;
        for (int j = 0; j < ks.shards().size(); j++) {
            Shard s = ks.shards().get(j);
            SourceLocation where = c.at.get(SpecLocations.shard(k, j));
            Optional<String> bad = KeyRange.problem(s.name());
            if (bad.isPresent()) {
                c.error(where, "shard.name", bad.get(), "shard names are key ranges: 0 (the whole range), -80, 80-, 40-80 ...");
                namesOk = false;
                continue;
            }
            String first = seen.putIfAbsent(s.keyRange(), s.name());
            if (first != null) {
                c.error(where, "shard.duplicate", "shard '" + s.name() + "' of keyspace '" + ks.name() + "' covers the same range as shard '" + first + "'",
                        "list each shard once");
                namesOk = false;
                continue;
            }
            valid.add(new KeyRangeTiling.Named(s.name(), s.keyRange()));
            tablets(c, k, j, ks, s);
        }
        if (!namesOk || valid.isEmpty()) {
            return;
        }
        SourceLocation shardsAt = c.at.get(SpecLocations.keyspace(k, "shards"), SpecLocations.keyspace(k));
        if (!ks.sharded()) {
            for (int j = 0; j < ks.shards().size(); j++) {
                Shard s = ks.shards().get(j);
                if (!s.keyRange().isFull()) {
                    c.error(c.at.get(SpecLocations.shard(k, j)), "shard.unsharded", "keyspace '" + ks.name() + "' is unsharded but lists shard '" + s.name() + "'",
                            "an unsharded keyspace has one shard named 0; to shard it, set vschema.sharded: true with a primary vindex per table");
                    return;
                }
            }
        }
        List<Migration.Reshard> reshards = c.cluster.migrations().stream()
                .filter(m -> m.move() instanceof Migration.Reshard r && r.keyspace().equals(ks.name()))
                .map(m -> (Migration.Reshard) m.move()).toList();
        if (!reshards.isEmpty()) {
            // each layout is the shards outside the move plus one side of it; the migration checks report the sides themselves
            Migration.Reshard r = reshards.get(0);
            List<KeyRangeTiling.Named> others = valid.stream().filter(n -> !r.from().contains(n.name()) && !r.to().contains(n.name())).toList();
            for (List<String> side : List.of(r.from(), r.to())) {
                List<KeyRangeTiling.Named> layout = new ArrayList<>(others);
                valid.stream().filter(n -> side.contains(n.name())).forEach(layout::add);
                boolean sideListed = valid.stream().anyMatch(n -> side.contains(n.name()));
                if (!sideListed) {
                    continue;
                }
                KeyRangeTiling.problem(layout).ifPresent(p -> c.error(shardsAt, "shards.tiling",
                        "shards of keyspace '" + ks.name() + "' with " + String.join(", ", side) + " do not tile the key range: " + p,
                        "together with the shards outside the reshard, its from shards and its to shards must each cover the whole range once"));
            }
            return;
        }
        Optional<String> problem = KeyRangeTiling.problem(valid);
        if (problem.isPresent() && !KeyRangeTiling.twoLayouts(valid)) {
            c.error(shardsAt, "shards.tiling", "shards of keyspace '" + ks.name() + "' do not tile the key range: " + problem.get(),
                    "list shards that cover the whole range with no gap and no overlap (e.g. -80, 80-); during a reshard, old and new shards must each do");
        }
    }

    private static void tablets(Checks c, int k, int j, Keyspace ks, Shard s) {
        if (s.tablets().rdonly() > 0 && s.tablets().replica() < 1) {
            c.error(c.at.get(SpecLocations.shard(k, j) + "/tablets", SpecLocations.shard(k, j)), "tablets.no-replica",
                    "shard " + ks.name() + "/" + s.name() + " runs rdonly tablets but no replica, so it has no primary",
                    "set replica to at least 1 (a primary is elected among the replicas), or 0/0 to stop the shard's tablets");
        }
    }
}
