package io.shardops.spec.validate;

import io.shardops.spec.Keyspace;
import io.shardops.spec.Migration;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.TabletType;
import io.shardops.spec.key.KeyRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Migrations name what exists, and hold a move at a stage that can happen. */
final class MigrationChecks {
    private static final List<TabletType> ORDER = List.of(TabletType.RDONLY, TabletType.REPLICA, TabletType.PRIMARY);

    private MigrationChecks() {}

    static void run(Checks c) {
        Map<String, Integer> names = new HashMap<>();
        List<Migration> migrations = c.cluster.migrations();
        for (int i = 0; i < migrations.size(); i++) {
            Migration m = migrations.get(i);
            SourceLocation at = c.at.get(SpecLocations.migration(i));
            if (names.putIfAbsent(m.name(), i) != null) {
                c.error(at, "migration.duplicate", "migration name '" + m.name() + "' is used twice", "migration names are unique; they name the workflows");
            }
            switch (m.move()) {
                case Migration.MoveTables mt -> moveTables(c, i, m, mt);
                case Migration.Reshard r -> reshard(c, i, m, r);
            }
            stage(c, i, m);
        }
        overlapping(c, migrations);
    }

    /** Two migrations moving the same rows would fight over them: one reshard per keyspace, one move per table. */
    private static void overlapping(Checks c, List<Migration> migrations) {
        Map<String, String> reshardOf = new HashMap<>();
        Map<String, String> moveOf = new HashMap<>();
        for (int i = 0; i < migrations.size(); i++) {
            Migration m = migrations.get(i);
            switch (m.move()) {
                case Migration.Reshard r -> {
                    String other = reshardOf.putIfAbsent(r.keyspace(), m.name());
                    if (other != null && !other.equals(m.name())) {
                        c.error(c.at.get(SpecLocations.migration(i, "keyspace"), SpecLocations.migration(i)), "migration.overlap",
                                "migrations '" + other + "' and '" + m.name() + "' both reshard keyspace '" + r.keyspace() + "'",
                                "finish one reshard (complete: true, then remove its entry) before declaring the next");
                    }
                }
                case Migration.MoveTables mt -> {
                    for (int t = 0; t < mt.tables().size(); t++) {
                        String other = moveOf.putIfAbsent(mt.tables().get(t), m.name());
                        if (other != null && !other.equals(m.name())) {
                            c.error(c.at.get(SpecLocations.migration(i, "table#" + t)), "migration.overlap",
                                    "migrations '" + other + "' and '" + m.name() + "' both move table '" + mt.tables().get(t) + "'",
                                    "a table moves in one migration at a time");
                        }
                    }
                }
            }
        }
    }

    private static void stage(Checks c, int i, Migration m) {
        List<TabletType> sw = m.switchTraffic();
        SourceLocation at = c.at.get(SpecLocations.migration(i, "switchTraffic"));
        if (!sw.equals(ORDER.subList(0, Math.min(sw.size(), ORDER.size()))) || sw.size() > ORDER.size()) {
            c.error(at, "migration.switch-order", "switchTraffic of migration '" + m.name() + "' is " + words(sw) + "; traffic switches rdonly, then replica, then primary",
                    "write one of [], [rdonly], [rdonly, replica], [rdonly, replica, primary]");
        }
        if (!m.copy() && !sw.isEmpty()) {
            c.error(at, "migration.switch-before-copy", "migration '" + m.name() + "' switches traffic but copy is false: the target has no data",
                    "set copy: true first; switch traffic once the copy has caught up");
        }
        if (m.complete() && !sw.contains(TabletType.PRIMARY)) {
            c.error(c.at.get(SpecLocations.migration(i, "complete")), "migration.complete-early",
                    "migration '" + m.name() + "' is complete but primary traffic is not switched",
                    "complete: true only after switchTraffic: [rdonly, replica, primary]");
        }
    }

    private static String words(List<TabletType> types) {
        return "[" + String.join(", ", types.stream().map(TabletType::word).toList()) + "]";
    }

    private static void moveTables(Checks c, int i, Migration m, Migration.MoveTables mt) {
        Optional<Keyspace> from = c.keyspace(mt.from());
        Optional<Keyspace> to = c.keyspace(mt.to());
        if (from.isEmpty()) {
            c.error(c.at.get(SpecLocations.migration(i, "from")), "migration.keyspace-unknown", "migration '" + m.name() + "' moves tables from keyspace '" + mt.from() + "', which is not declared",
                    "declared keyspaces: " + c.keyspaceNames());
        }
        if (to.isEmpty()) {
            c.error(c.at.get(SpecLocations.migration(i, "to")), "migration.keyspace-unknown", "migration '" + m.name() + "' moves tables to keyspace '" + mt.to() + "', which is not declared",
                    "declared keyspaces: " + c.keyspaceNames());
        }
        if (mt.from().equals(mt.to())) {
            c.error(c.at.get(SpecLocations.migration(i, "to")), "migration.same-keyspace", "migration '" + m.name() + "' moves tables from keyspace '" + mt.from() + "' to itself",
                    "moveTables needs two different keyspaces");
        }
        for (int t = 0; t < mt.tables().size(); t++) {
            String table = mt.tables().get(t);
            boolean inSource = from.flatMap(k -> k.table(table)).isPresent();
            boolean inTarget = to.flatMap(k -> k.table(table)).isPresent();
            if (from.isPresent() && to.isPresent() && !inSource && !inTarget && c.schemaComplete(mt.from()) && c.schemaComplete(mt.to())) {
                c.error(c.at.get(SpecLocations.migration(i, "table#" + t)), "migration.table-unknown",
                        "migration '" + m.name() + "' moves table '" + table + "', which neither keyspace '" + mt.from() + "' nor '" + mt.to() + "' declares",
                        "declare the table in the target keyspace's schema (or, before the move starts, in the source)");
            }
        }
        if (to.isPresent() && to.get().shards().isEmpty() && m.copy()) {
            c.error(c.at.get(SpecLocations.migration(i, "copy")), "migration.no-target-shards",
                    "migration '" + m.name() + "' copies into keyspace '" + mt.to() + "', which has no shards",
                    "add the target's shards and tablets first, or set copy: false");
        }
    }

    private static void reshard(Checks c, int i, Migration m, Migration.Reshard r) {
        Optional<Keyspace> ks = c.keyspace(r.keyspace());
        if (ks.isEmpty()) {
            c.error(c.at.get(SpecLocations.migration(i, "keyspace")), "migration.keyspace-unknown", "migration '" + m.name() + "' reshards keyspace '" + r.keyspace() + "', which is not declared",
                    "declared keyspaces: " + c.keyspaceNames());
            return;
        }
        for (String side : List.of("from", "to")) {
            List<String> names = side.equals("from") ? r.from() : r.to();
            List<KeyRangeTiling.Named> ranges = new ArrayList<>();
            boolean ok = true;
            for (int j = 0; j < names.size(); j++) {
                String name = names.get(j);
                SourceLocation at = c.at.get(SpecLocations.migration(i, side + "#" + j), SpecLocations.migration(i, side));
                Optional<String> bad = KeyRange.problem(name);
                if (bad.isPresent()) {
                    c.error(at, "shard.name", bad.get(), "shard names are key ranges: 0, -80, 80-, 40-80 ...");
                    ok = false;
                    continue;
                }
                ranges.add(new KeyRangeTiling.Named(name, KeyRange.parse(name).orElseThrow()));
                boolean listed = ks.get().shard(name).isPresent();
                boolean mayBeGone = side.equals("from") && m.complete();
                if (!listed && !mayBeGone) {
                    c.error(at, "migration.shard-unknown", "migration '" + m.name() + "' names shard '" + name + "', which keyspace '" + r.keyspace() + "' does not list",
                            "list the " + side + " shards under the keyspace's shards while the reshard runs");
                }
            }
            if (ok) {
                KeyRangeTiling.problem(ranges).ifPresent(p -> c.error(c.at.get(SpecLocations.migration(i, side)), "migration.tiling",
                        "the " + side + " shards of migration '" + m.name() + "' do not tile the key range: " + p,
                        "a reshard moves rows between two sets of shards that each cover the whole range once"));
            }
        }
        for (String name : r.to()) {
            if (r.from().contains(name)) {
                c.error(c.at.get(SpecLocations.migration(i, "to")), "migration.shard-both", "shard '" + name + "' of migration '" + m.name() + "' is both a source and a target",
                        "a shard is either split (from) or created (to)");
            }
        }
    }
}
