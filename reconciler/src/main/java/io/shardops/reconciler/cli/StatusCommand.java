package io.shardops.reconciler.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shardops.dataplane.archive.ArchiveCatalog;
import io.shardops.planner.topology.KeyspaceRecord;
import io.shardops.planner.topology.ServedFrom;
import io.shardops.planner.topology.ShardRecord;
import io.shardops.planner.topology.StreamRecord;
import io.shardops.reconciler.apply.Approvals;
import io.shardops.reconciler.apply.steps.schemachange.SchemaChangeView;
import io.shardops.reconciler.archive.ArchiveLocations;
import io.shardops.reconciler.backup.AppliedBackupPolicy;
import io.shardops.reconciler.backup.BackupSettings;
import io.shardops.reconciler.backup.BackupStatus;
import io.shardops.reconciler.failover.ShardFailovers;
import io.shardops.spec.TabletType;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowStage;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.NodeApi;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code shardops status}: what the local cluster runs and serves. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Show the local cluster: keyspaces (and where they are served from), shards (key range, primary, serving),"
                    + " tablets (type, state, MySQL port, replication lag) and gateways with how to connect.",
            "Exit status: 0 when the cluster runs; 1 when it does not (nothing started, or stopped with shardops down)."
        })
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    FormatOption format = new FormatOption();

    @Spec
    CommandSpec spec;

    /** The whole status as data; the JSON form is this record. */
    public record Status(String cluster, String stateDir, String etcd, boolean etcdRunning, long nodePid,
                         List<KeyspaceRow> keyspaces, List<ShardRow> shards, List<NodeApi.TabletView> tablets,
                         List<GatewayRow> gateways, List<WorkflowRow> workflows, List<ApprovalRow> waiting,
                         List<ShardFailovers> failovers, List<BackupStatus.Row> backups,
                         List<ArchiveRow> archives, List<SchemaChangeView> schemaChanges) {
        /** A status without schema changes. */
        public Status(String cluster, String stateDir, String etcd, boolean etcdRunning, long nodePid, List<KeyspaceRow> keyspaces,
                      List<ShardRow> shards, List<NodeApi.TabletView> tablets, List<GatewayRow> gateways, List<WorkflowRow> workflows,
                      List<ApprovalRow> waiting, List<ShardFailovers> failovers, List<BackupStatus.Row> backups, List<ArchiveRow> archives) {
            this(cluster, stateDir, etcd, etcdRunning, nodePid, keyspaces, shards, tablets, gateways, workflows, waiting, failovers, backups,
                    archives, List.of());
        }
    }

    /**
     * A shard's binlog archive: the time up to which every transaction is archived (a point-in-time restore can go
     * to any time up to it) and how far that is behind now; empty and -1 when nothing is archived yet.
     */
    public record ArchiveRow(String keyspace, String shard, String archivedThrough, long lagSeconds, String problem) {}

    /** A run stopped before a gated step, and the command that lets it through. */
    public record ApprovalRow(String runId, int step, String message, String approve) {}

    /** A data move and its streams, as apply last recorded them in the topology (start-copy refreshes them while it waits). */
    public record WorkflowRow(String name, String kind, String from, String to, String stage, List<String> switched,
                              long rowsCopied, List<StreamRecord> streams) {}

    public record KeyspaceRow(String name, List<ServedFrom> servedFrom) {}

    public record ShardRow(String keyspace, String shard, String keyRange, String primary, boolean primaryServing) {}

    public record GatewayRow(String cell, String host, int port, String connect) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StateDir dir = stateDir.resolve();
        Optional<LocalCluster> local = LocalCluster.existing(dir);
        if (local.isEmpty()) {
            throw new UserException("no local cluster in " + dir + "; start one with: shardops up SPEC");
        }
        LocalCluster lc = local.get();
        boolean etcd = lc.etcdHealthy();
        Optional<NodeApi.Health> node = lc.nodeHealth();
        if (!etcd && node.isEmpty()) {
            throw new UserException("the local cluster in " + dir + " is not running; start it with: shardops up");
        }
        Topology topology = Topology.empty(lc.config().cluster());
        List<ApprovalRow> waiting = List.of();
        List<ShardFailovers> failovers = new ArrayList<>();
        if (etcd) {
            try (EtcdTopoStore store = lc.topoStore()) {
                topology = new EtcdTopologySource(store).read(lc.config().cluster());
                waiting = new Approvals(store, lc.config().cluster()).waiting().stream()
                        .flatMap(r -> Approvals.waitingStep(r).stream()
                                .map(step -> new ApprovalRow(r.id(), step, r.message(), approveCommand(r.id(), step, stateDir.dir))))
                        .toList();
                failovers = ShardFailovers.read(store, topology);
            } catch (TopoException e) {
                throw new UserException("cannot read the topology from " + lc.config().etcdEndpoint() + ": " + e.getMessage());
            }
        }
        NodeApi.NodeStatus ns = node.isPresent() ? UpCommand.call(() -> lc.nodeClient().status()) : null;
        Status status = build(lc, dir, etcd, topology, ns, waiting, failovers);
        if (format.json()) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(status));
        } else {
            printText(out, status);
        }
        out.flush();
        return 0;
    }

    /** The approve command for a waiting step, with the {@code --state-dir} status was given, so it reaches the same cluster. */
    static String approveCommand(String runId, int step, Path stateDirOption) {
        return "shardops approve " + runId + " " + step + (stateDirOption == null ? "" : " --state-dir " + shellWord(stateDirOption.toString()));
    }

    private static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    static Status build(LocalCluster lc, StateDir dir, boolean etcdRunning, Topology t, NodeApi.NodeStatus ns, List<ApprovalRow> waiting) {
        return build(lc, dir, etcdRunning, t, ns, waiting, List.of());
    }

    static Status build(LocalCluster lc, StateDir dir, boolean etcdRunning, Topology t, NodeApi.NodeStatus ns, List<ApprovalRow> waiting,
                        List<ShardFailovers> failovers) {
        List<KeyspaceRow> keyspaces = new ArrayList<>();
        for (KeyspaceRecord k : t.keyspaces().values()) {
            keyspaces.add(new KeyspaceRow(k.name(), k.servedFrom()));
        }
        keyspaces.sort(Comparator.comparing(KeyspaceRow::name));
        List<ShardRow> shards = new ArrayList<>();
        for (KeyspaceRow k : keyspaces) {
            for (ShardRecord s : t.shardsOf(k.name())) {
                shards.add(new ShardRow(s.keyspace(), s.name(), s.keyRange().name(), s.primaryAlias() == null ? "" : s.primaryAlias(), s.primaryServing()));
            }
        }
        List<NodeApi.TabletView> tablets = ns == null ? List.of()
                : ns.tablets().stream().filter(v -> !"STOPPED".equals(v.state())).toList();
        List<GatewayRow> gateways = new ArrayList<>();
        if (ns != null) {
            for (NodeApi.GatewayView g : ns.gateways()) {
                String host = lc.config().host();
                gateways.add(new GatewayRow(g.cell(), host, g.mysqlPort(), "mysql -h " + host + " -P " + g.mysqlPort()));
            }
        }
        List<WorkflowRow> workflows = t.workflows().values().stream()
                .map(w -> new WorkflowRow(w.name(), w.kind().name().toLowerCase(Locale.ROOT),
                        w.sourceKeyspace() + "/" + String.join(",", w.sourceShards()), w.targetKeyspace() + "/" + String.join(",", w.targetShards()),
                        w.stage().name().toLowerCase(Locale.ROOT), w.switchedTabletTypes().stream().map(TabletType::word).toList(),
                        w.rowsCopied(), w.stage() == WorkflowStage.COMPLETED  // records completed before it stopped them say "running"
                                ? w.streams().stream().map(StreamRecord::stopped).toList() : w.streams()))
                .sorted(Comparator.comparing(WorkflowRow::name)).toList();
        return new Status(lc.config().cluster(), dir.toString(), lc.config().etcdEndpoint(), etcdRunning, ns == null ? 0 : ns.pid(),
                keyspaces, shards, tablets, gateways, workflows, waiting, failovers, backupRows(dir, shards), archiveRows(dir, shards, t),
                SchemaChangeView.of(t));
    }

    /** Each shard's binlog archive, read from its location (issue 17); snapshot keyspaces have none. */
    private static List<ArchiveRow> archiveRows(StateDir dir, List<ShardRow> shards, Topology t) {
        var locations = new ArchiveLocations(dir.root());
        Instant now = Instant.now();
        List<ArchiveRow> rows = new ArrayList<>();
        for (ShardRow r : shards) {
            if (t.keyspace(r.keyspace()).map(KeyspaceRecord::isSnapshot).orElse(false)) {
                continue;
            }
            try {
                var covered = new ArchiveCatalog(locations.location(r.keyspace()))
                        .coveredThrough(r.keyspace(), r.shard());
                rows.add(new ArchiveRow(r.keyspace(), r.shard(), covered.map(Instant::toString).orElse(""),
                        covered.map(c -> Math.max(0, Duration.between(c, now).toSeconds())).orElse(-1L), ""));
            } catch (Exception e) {
                rows.add(new ArchiveRow(r.keyspace(), r.shard(), "", -1, "cannot read the archive: " + e.getMessage()));
            }
        }
        return rows;
    }

    /** Each shard's last good backup and next due time, by the policy the cluster last applied (issue 17). */
    static List<BackupStatus.Row> backupRows(StateDir dir, List<ShardRow> shards) {
        var applied = AppliedBackupPolicy.read(dir.root());
        var fallback = new AppliedBackupPolicy.Entry(AppliedBackupPolicy.defaultLocation(dir.root()).toString(), "", "",
                BackupSettings.DEFAULT_KEEP, "rdonly", "");
        List<BackupStatus.ShardPolicy> wanted = shards.stream()
                .map(r -> new BackupStatus.ShardPolicy(r.keyspace(), r.shard(),
                        applied.flatMap(a -> a.keyspace(r.keyspace())).orElse(fallback)))
                .toList();
        return BackupStatus.rows(wanted, Instant.now());
    }

    static void printText(PrintWriter out, Status s) {
        out.println("Cluster " + s.cluster() + " (state in " + s.stateDir() + ")");
        out.println("  etcd " + s.etcd() + (s.etcdRunning() ? "" : " NOT RUNNING") + ", node "
                + (s.nodePid() == 0 ? "NOT RUNNING" : "pid " + s.nodePid()));
        out.println();
        out.println("Keyspaces:");
        if (s.keyspaces().isEmpty()) {
            out.println("  (none: apply a spec with shardops up SPEC)");
        }
        for (KeyspaceRow k : s.keyspaces()) {
            String from = k.servedFrom().isEmpty() ? "serves itself" : "served from " + String.join(", ",
                    k.servedFrom().stream().map(f -> f.tabletType().word() + " → " + f.keyspace()).toList());
            out.println("  " + k.name() + "  (" + from + ")");
        }
        out.println();
        out.println("Shards:");
        table(out, List.of("SHARD", "KEY RANGE", "PRIMARY", "SERVING"),
                s.shards().stream().map(r -> List.of(r.keyspace() + "/" + r.shard(), r.keyRange(),
                        r.primary().isEmpty() ? "-" : r.primary(), r.primaryServing() ? "yes" : "no")).toList());
        if (!s.failovers().isEmpty()) {
            out.println();
            out.println("Durability and failovers:");
            for (ShardFailovers f : s.failovers()) {
                out.println("  " + f.shard() + "  durability " + f.durability() + ", term " + f.term()
                        + (f.needsRebuild().isEmpty() ? "" : ", needs-rebuild: " + String.join(", ", f.needsRebuild())));
                f.recent().forEach(e -> out.println("    " + e.line()));
            }
        }
        out.println();
        out.println("Tablets:");
        table(out, List.of("ALIAS", "SHARD", "TYPE", "STATE", "MYSQL PORT", "LAG"),
                s.tablets().stream().map(v -> List.of(v.alias(), v.keyspace() + "/" + v.shard(), v.type(), v.state(),
                        Integer.toString(v.mysqlPort()), lag(v))).toList());
        if (!s.workflows().isEmpty()) {
            out.println();
            out.println("Workflows:");
            for (WorkflowRow w : s.workflows()) {
                out.println("  " + w.name() + "  (" + w.kind() + " " + w.from() + " -> " + w.to() + ", " + w.stage()
                        + (w.switched().isEmpty() ? "" : ", serving " + String.join(", ", w.switched()) + " from the target") + ", "
                        + w.rowsCopied() + " row(s) copied)");
            }
            table(out, List.of("STREAM", "STATE", "ROWS COPIED", "POSITION"), s.workflows().stream()
                    .flatMap(w -> w.streams().stream().map(r -> List.of(w.name() + " " + r.sourceShard() + " -> " + r.targetShard(),
                            r.stateText(), Long.toString(r.rowsCopied()), r.position().isEmpty() ? "-" : r.position())))
                    .toList());
        }
        if (!s.backups().isEmpty()) {
            out.println();
            out.println("Backups:");
            table(out, List.of("SHARD", "LAST GOOD BACKUP", "ENDED", "NEXT DUE"), s.backups().stream()
                    .map(b -> List.of(b.keyspace() + "/" + b.shard(), b.lastBackup().isEmpty() ? "-" : b.lastBackup(),
                            b.lastEnd().isEmpty() ? "-" : b.lastEnd(), b.nextDue())).toList());
            s.backups().stream().filter(b -> !b.warning().isEmpty())
                    .forEach(b -> out.println("  WARNING " + b.keyspace() + "/" + b.shard() + ": " + b.warning()));
        }
        if (!s.archives().isEmpty()) {
            out.println();
            out.println("Binlog archive (point-in-time recovery):");
            table(out, List.of("SHARD", "ARCHIVED THROUGH", "LAG"), s.archives().stream()
                    .map(a -> List.of(a.keyspace() + "/" + a.shard(), a.archivedThrough().isEmpty() ? "-" : a.archivedThrough(),
                            !a.problem().isEmpty() ? a.problem() : a.lagSeconds() < 0 ? "nothing archived yet" : a.lagSeconds() + " s"))
                    .toList());
        }
        if (!s.schemaChanges().isEmpty()) {
            out.println();
            out.println("Schema changes:");  // docs/schema-changes.md
            s.schemaChanges().forEach(c -> out.println("  " + c.summary()));
        }
        if (!s.waiting().isEmpty()) {
            out.println();
            out.println("Waiting for approval:");
            for (ApprovalRow a : s.waiting()) {
                out.println("  " + a.runId() + " step " + a.step() + ": " + a.approve());
            }
        }
        out.println();
        out.println("Gateways:");
        if (s.gateways().isEmpty()) {
            out.println("  (none)");
        }
        for (GatewayRow g : s.gateways()) {
            out.println("  " + g.cell() + "  " + g.host() + ":" + g.port() + "   connect: " + g.connect());
        }
    }

    private static String lag(NodeApi.TabletView v) {
        if (!v.replicationError().isEmpty()) {
            return "error: " + v.replicationError();
        }
        if ("primary".equals(v.type())) {
            return "-";
        }
        return v.replicationLagSeconds() < 0 ? "unknown" : v.replicationLagSeconds() + "s";
    }

    private static void table(PrintWriter out, List<String> head, List<List<String>> rows) {
        if (rows.isEmpty()) {
            out.println("  (none)");
            return;
        }
        int[] w = new int[head.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = head.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        List<List<String>> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        for (List<String> r : all) {
            StringBuilder sb = new StringBuilder("  ");
            for (int i = 0; i < w.length; i++) {
                sb.append(String.format("%-" + w[i] + "s", r.get(i)));
                if (i < w.length - 1) {
                    sb.append("  ");
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
