package io.shardops.reconciler.apply.steps.tablets;

import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.planner.plan.Action;
import io.shardops.planner.topology.SequenceTable;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.ShardSchema;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.planner.topology.TabletState;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.planner.topology.TopologySource;
import io.shardops.reconciler.backup.BackupSettingsSource;
import io.shardops.reconciler.provision.Provisioned;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.reconciler.provision.Provisioner;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.spec.Cluster;
import io.shardops.spec.Durability;
import io.shardops.spec.Keyspace;
import io.shardops.spec.Sequence;
import io.shardops.spec.Shard;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import io.shardops.spec.ddl.CreateTableParser;
import io.shardops.spec.ddl.DdlTables;
import io.shardops.spec.schema.TableDef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the steps that need tablets: {@code start-tablets}, {@code stop-tablets}, {@code init-primary},
 * {@code apply-schema}, {@code copy-schema}, {@code create-sequence}. Each is safe to run again: it reads
 * the live topology first and does only what is missing.
 *
 * <p>Tablet counts: with the desired spec known, a shard gets exactly the counts the spec gives it (so a
 * step repeated after an interruption does not start tablets twice); with a saved plan alone, the counts
 * are the live ones plus or minus the step's.
 */
public final class TabletSteps {
    private final String cluster;
    private final TopologySource topology;
    private final TopologyWriter writer;
    private final Provisioner provisioner;
    private final TabletManagers managers;
    private final Cluster desired;
    private final String cell;
    private final Duration registrationTimeout = DEFAULT_REGISTRATION_TIMEOUT;

    public static final Duration DEFAULT_REGISTRATION_TIMEOUT = Duration.ofMinutes(5);
    private static final long REGISTRATION_POLL_MILLIS = 250;

    /**
     * @param desired the spec being applied, or null when applying a saved plan
     * @param cell    the cell tablets run in
     */
    public TabletSteps(String cluster, TopologySource topology, TopologyWriter writer, Provisioner provisioner,
                       TabletManagers managers, Cluster desired, String cell) {
        this.cluster = cluster;
        this.topology = topology;
        this.writer = writer;
        this.provisioner = provisioner;
        this.managers = managers;
        this.desired = desired;
        this.cell = cell;
    }

    // ---- tablets

    public String startTablets(Action.StartTablets a) {
        TabletCounts live = liveCounts(a.keyspace(), a.shard());
        TabletCounts wanted = desiredCounts(a.keyspace(), a.shard())
                .orElse(new TabletCounts(live.replica() + a.replica(), live.rdonly() + a.rdonly()));
        Provisioned<List<ProvisionedTablet>> p = provisioner.ensureTablets(a.keyspace(), a.shard(), cell, wanted);
        // a shard that has a primary already: new tablets replicate from it at once
        Topology t = awaitRegistered(p.result());
        Optional<TabletRecord> primary = primaryOf(t, a.keyspace(), a.shard());
        if (primary.isPresent()) {
            Durability durability = t.shard(a.keyspace(), a.shard()).map(ShardRecord::durabilityOrNone)
                    .flatMap(Durability::fromWord).orElse(Durability.NONE);
            for (TabletRecord r : tabletsOf(t, a.keyspace(), a.shard())) {
                if (!r.alias().equals(primary.get().alias())) {
                    seedFromBackup(r);
                    managers.of(r).setDurability(durability);  // a new replica acknowledges as its shard's others do
                    managers.of(r).setReplicationSource(primary.get().hostname(), primary.get().mysqlPort());
                }
            }
        }
        return summary("started", p, Math.abs(wanted.total() - live.total())) + " in " + a.target() + " (" + wanted.replica() + " replica, " + wanted.rdonly() + " rdonly)";
    }

    // ---- seeding new tablets from backups (issue 17)

    private BackupSettingsSource backups = BackupSettingsSource.NONE;
    private Consumer<String> seedProgress = line -> { };

    /** New tablets of a shard that has a primary start from the latest backup in {@code backups}' location. */
    public TabletSteps seedingFrom(BackupSettingsSource backups, Consumer<String> progress) {
        this.backups = backups;
        this.seedProgress = progress;
        return this;
    }

    private void seedFromBackup(TabletRecord r) {
        new NewTabletSeeding(managers, backups, seedProgress).seedIfNew(r);
    }

    /**
     * Waits until every tablet the provisioner runs has registered itself in the topology, up (serving or
     * not) and reachable by its manager. A local node registers its tablets before it answers; a pod
     * registers when its mysqld and tablet containers are up, which takes an image pull or a volume attach.
     */
    private Topology awaitRegistered(List<ProvisionedTablet> tablets) {
        long deadline = System.nanoTime() + registrationTimeout.toNanos();
        while (true) {
            Topology t = topology.read(cluster);
            List<String> missing = tablets.stream().map(ProvisionedTablet::alias).filter(alias -> !registered(t, alias)).toList();
            if (missing.isEmpty()) {
                return t;
            }
            if (System.nanoTime() > deadline) {
                throw new NotRegistered(missing.size() + " of " + tablets.size() + " tablet(s) did not register in the topology within "
                        + registrationTimeout.toSeconds() + " s: " + String.join(", ", missing)
                        + "; check that their pods or processes run (kubectl get pods, shardops status) and apply again");
            }
            try {
                Thread.sleep(REGISTRATION_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for tablets to register", e);
            }
        }
    }

    /** Tablets the provisioner runs did not register in time: waiting again would not help. */
    public static final class NotRegistered extends IllegalStateException {
        NotRegistered(String message) {
            super(message);
        }
    }

    private static boolean registered(Topology t, String alias) {
        TabletRecord r = t.tablets().get(alias);
        return r != null && (r.state() == TabletState.SERVING || r.state() == TabletState.NOT_SERVING);
    }

    public String stopTablets(Action.StopTablets a) {
        TabletCounts live = liveCounts(a.keyspace(), a.shard());
        TabletCounts wanted = desiredCounts(a.keyspace(), a.shard())
                .orElse(new TabletCounts(Math.max(0, live.replica() - a.replica()), Math.max(0, live.rdonly() - a.rdonly())));
        if (!wanted.running()) {
            return summary("stopped", provisioner.removeTablets(a.keyspace(), a.shard(), cell), live.total()) + " in " + a.target();
        }
        return summary("stopped", provisioner.ensureTablets(a.keyspace(), a.shard(), cell, wanted), Math.abs(live.total() - wanted.total())) + " in " + a.target();
    }

    /**
     * delete-shard's data half, after its topology records went: a destroy step also deletes the data the
     * shard's stopped tablets kept, else a later shard of the same name (a merge back into 0 after a split)
     * started from the old rows and the old streams.
     */
    public String deleteShardData(Action.DeleteShard a) {
        boolean deleted = provisioner.removeShardVolumes(a.keyspace(), a.shard(), cell).changes().stream()
                .anyMatch(c -> c.effect() == ProvisionedObject.Effect.DELETED);
        return deleted ? "deleted the data of the tablets " + a.target() + " had" : "no tablet data of " + a.target() + " left";
    }

    /** {@code tablets}: how many tablets the step adds or removes; a provisioner's changes also count the objects around them. */
    private static String summary(String verb, Provisioned<?> p, int tablets) {
        boolean changed = p.changes().stream().anyMatch(c -> c.effect() != ProvisionedObject.Effect.UNCHANGED);
        return !changed ? "nothing to do: tablets already as wanted" : verb + " " + tablets + " tablet(s)";
    }

    private Optional<TabletCounts> desiredCounts(String keyspace, String shard) {
        if (desired == null) {
            return Optional.empty();
        }
        return desired.keyspace(keyspace).flatMap(k -> k.shard(shard)).map(Shard::tablets);
    }

    private TabletCounts liveCounts(String keyspace, String shard) {
        int replica = 0;
        int rdonly = 0;
        for (TabletRecord r : tabletsOf(topology.read(cluster), keyspace, shard)) {
            if (r.type() == TabletType.RDONLY) {
                rdonly++;
            } else {
                replica++;
            }
        }
        return new TabletCounts(replica, rdonly);
    }

    // ---- primary

    /**
     * Makes the shard's first replica-type tablet (lowest uid) its primary, points every other tablet
     * at it, and records it in the Shard record. A shard with a live primary keeps it.
     */
    public String initPrimary(String keyspace, String shard) {
        Topology t = topology.read(cluster);
        List<TabletRecord> tablets = tabletsOf(t, keyspace, shard);
        if (tablets.isEmpty()) {
            throw new IllegalStateException("shard " + keyspace + "/" + shard + " has no tablets to elect a primary from; start its tablets first");
        }
        TabletRecord primary = primaryOf(t, keyspace, shard).orElseGet(() -> tablets.stream()
                .filter(r -> r.type() != TabletType.RDONLY).findFirst()
                .orElseThrow(() -> new IllegalStateException("shard " + keyspace + "/" + shard
                        + " has only rdonly tablets; a primary is elected among replica tablets")));
        managers.of(primary).initPrimary();
        for (TabletRecord r : tablets) {
            if (!r.alias().equals(primary.alias())) {
                managers.of(r).setReplicationSource(primary.hostname(), primary.mysqlPort());
            }
        }
        writer.updateShard(keyspace, shard, s -> s.withPrimary(primary.alias()));
        return "primary of " + keyspace + "/" + shard + " is " + primary.alias() + "; " + (tablets.size() - 1) + " tablet(s) replicate from it";
    }

    // ---- durability

    /**
     * Configures every tablet of the shard for the policy and records it: replicas first, so that a primary
     * switched to semi-sync finds replicas that acknowledge; the primary last.
     */
    public String setDurability(Action.SetDurability a) {
        Durability d = Durability.fromWord(a.durability())
                .orElseThrow(() -> new IllegalArgumentException("unknown durability '" + a.durability() + "'"));
        Topology t = topology.read(cluster);
        Optional<TabletRecord> primary = primaryOf(t, a.keyspace(), a.shard());
        List<TabletRecord> tablets = tabletsOf(t, a.keyspace(), a.shard());
        for (TabletRecord r : tablets) {
            if (primary.isEmpty() || !r.alias().equals(primary.get().alias())) {
                managers.of(r).setDurability(d);
            }
        }
        primary.ifPresent(p -> managers.of(p).setDurability(d));
        writer.updateShard(a.keyspace(), a.shard(), s -> s.withDurability(d.word()));
        return a.target() + " runs with durability " + d.word() + " (" + tablets.size() + " tablet(s))";
    }

    // ---- schema

    public String applySchema(Action.ApplySchema a) {
        Topology t = topology.read(cluster);
        for (String shard : a.shards()) {
            managers.of(requirePrimary(t, a.keyspace(), shard)).applySchema(a.statements());
            recordSchema(a.keyspace(), shard, a.statements());
        }
        return a.statements().size() + " statement(s) applied to " + a.shards().size() + " shard(s) of " + a.keyspace();
    }

    public String copySchema(Action.CopySchema a) {
        Topology t = topology.read(cluster);
        TabletManager source = managers.of(requirePrimary(t, a.sourceKeyspace(), a.sourceShard()));
        Optional<ShardSchema> sourceSchema = t.schema(a.sourceKeyspace(), a.sourceShard());
        for (String shard : a.targetShards()) {
            managers.of(requirePrimary(t, a.targetKeyspace(), shard)).copySchemaFrom(source, a.tables());
            List<TableDef> copied = new ArrayList<>();
            for (String table : a.tables()) {
                sourceSchema.flatMap(s -> s.table(table)).or(() -> specTable(a.targetKeyspace(), table)).ifPresent(copied::add);
            }
            mergeSchema(a.targetKeyspace(), shard, copied, List.of());
        }
        return a.tables().size() + " table(s) copied from " + a.sourceKeyspace() + "/" + a.sourceShard() + " to "
                + a.targetShards().size() + " shard(s) of " + a.targetKeyspace();
    }

    public String createSequence(Action.CreateSequence a) {
        Topology t = topology.read(cluster);
        List<ShardRecord> shards = t.shardsOf(a.keyspace());
        if (shards.isEmpty()) {
            throw new IllegalStateException("keyspace " + a.keyspace() + " has no shard to hold sequence " + a.sequence());
        }
        Sequence seq = new Sequence(a.sequence(), a.start(), a.cache());
        for (ShardRecord s : shards) {
            managers.of(requirePrimary(t, a.keyspace(), s.name())).createSequence(a.sequence(), a.start(), a.cache());
            TableDef def = specTable(a.keyspace(), a.sequence()).orElseGet(() -> SequenceTable.of(seq));
            mergeSchema(a.keyspace(), s.name(), List.of(def), List.of());
        }
        return "sequence " + a.keyspace() + "." + a.sequence() + " starts at " + a.start();
    }

    /**
     * Records in the shard's Schema what {@code statements} did: tables created or altered take their
     * definition from the spec when it has them (so the next plan finds nothing to change), else from the
     * statement; dropped tables go.
     */
    private void recordSchema(String keyspace, String shard, List<String> statements) {
        List<TableDef> put = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String sql : statements) {
            Optional<DdlTables.Target> target = DdlTables.of(sql);
            if (target.isPresent() && target.get().verb() == DdlTables.Verb.DROP) {
                target.get().tables().forEach(t -> dropped.add(t.table()));
                continue;
            }
            if (target.isPresent() && target.get().verb() == DdlTables.Verb.ALTER) {
                specTable(keyspace, target.get().table()).ifPresent(put::add);
                continue;
            }
            for (TableDef def : parse(sql)) {
                put.add(specTable(keyspace, def.name()).orElse(def));
            }
        }
        mergeSchema(keyspace, shard, put, dropped);
    }

    private void mergeSchema(String keyspace, String shard, List<TableDef> put, List<String> dropped) {
        ShardSchema before = topology.read(cluster).schema(keyspace, shard).orElse(new ShardSchema(keyspace, shard, List.of()));
        Map<String, TableDef> tables = new LinkedHashMap<>();
        before.tables().forEach(d -> tables.put(d.name().toLowerCase(Locale.ROOT), d));
        dropped.forEach(n -> tables.remove(n.toLowerCase(Locale.ROOT)));
        put.forEach(d -> tables.put(d.name().toLowerCase(Locale.ROOT), d));
        writer.putShardSchema(new ShardSchema(keyspace, shard, List.copyOf(tables.values())));
    }

    private Optional<TableDef> specTable(String keyspace, String table) {
        if (desired == null) {
            return Optional.empty();
        }
        // sequence tables too: the planner compares the live schema with these very definitions
        return desired.keyspace(keyspace).flatMap(k -> TopologyOf.desiredTables(k).stream()
                .filter(d -> d.name().equalsIgnoreCase(table)).findFirst());
    }

    private static List<TableDef> parse(String sql) {
        return CreateTableParser.parse(sql, (line, col) -> SourceLocation.UNKNOWN).tables().stream()
                .map(CreateTableParser.Parsed::table).toList();
    }

    // ---- topology lookups

    private static List<TabletRecord> tabletsOf(Topology t, String keyspace, String shard) {
        return t.tablets().values().stream()
                .filter(r -> r.keyspace().equals(keyspace) && r.shard().equals(shard) && r.state() != TabletState.STOPPED)
                .sorted(Comparator.comparingInt(TabletRecord::uid)).toList();
    }

    private static Optional<TabletRecord> primaryOf(Topology t, String keyspace, String shard) {
        Optional<ShardRecord> s = t.shard(keyspace, shard);
        if (s.isEmpty() || s.get().primaryAlias() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(t.tablets().get(s.get().primaryAlias()))
                .filter(r -> r.state() != TabletState.STOPPED);
    }

    private static TabletRecord requirePrimary(Topology t, String keyspace, String shard) {
        return primaryOf(t, keyspace, shard).orElseThrow(() -> new IllegalStateException(
                "shard " + keyspace + "/" + shard + " has no running primary; its init-primary step must run first"));
    }

    /** The keyspace of the spec, for callers that need it. */
    Optional<Keyspace> desiredKeyspace(String name) {
        return desired == null ? Optional.empty() : desired.keyspace(name);
    }
}
