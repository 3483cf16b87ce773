package io.shardops.reconciler.topo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The etcd keys of one cluster ({@code /shardops/<cluster>/...}); see the package summary for the
 * layout. Also parses a key back into what it names.
 */
public record TopologyKeys(String cluster) {
    public static final String ROOT = "/shardops/";

    public TopologyKeys {
        if (cluster == null || cluster.isBlank() || cluster.contains("/")) {
            throw new IllegalArgumentException("a cluster name cannot be blank or contain '/', got '" + cluster + "'");
        }
    }

    /** Everything of the cluster. */
    public String root() {
        return ROOT + cluster + "/";
    }

    public String global() {
        return root() + "global/";
    }

    public String cellInfo(String cell) {
        return global() + "cells/" + cell + "/CellInfo";
    }

    public String keyspaceDir(String keyspace) {
        return global() + "keyspaces/" + keyspace + "/";
    }

    public String keyspace(String keyspace) {
        return keyspaceDir(keyspace) + "Keyspace";
    }

    public String vschema(String keyspace) {
        return keyspaceDir(keyspace) + "VSchema";
    }

    public String shardDir(String keyspace, String shard) {
        return keyspaceDir(keyspace) + "shards/" + shard + "/";
    }

    public String shard(String keyspace, String shard) {
        return shardDir(keyspace, shard) + "Shard";
    }

    /** The shard's failover record (history and needs-rebuild list), written by the failover monitor. */
    public String shardFailovers(String keyspace, String shard) {
        return shardDir(keyspace, shard) + "Failovers";
    }

    public String shardSchema(String keyspace, String shard) {
        return shardDir(keyspace, shard) + "Schema";
    }

    public String workflow(String targetKeyspace, String name) {
        return keyspaceDir(targetKeyspace) + "workflows/" + name;
    }

    /** Every table's latest schema change (docs/schema-changes.md). */
    public String schemaChanges() {
        return root() + "schemachanges/";
    }

    /** One table's latest schema change: {@code schemachanges/<keyspace>/<table>}, the table lowercase. */
    public String schemaChange(String keyspace, String table) {
        return schemaChanges() + keyspace + "/" + table.toLowerCase(java.util.Locale.ROOT);
    }

    public String cellDir(String cell) {
        return root() + "cells/" + cell + "/";
    }

    public String tablet(String cell, String alias) {
        return cellDir(cell) + "tablets/" + alias;
    }

    public String srvKeyspace(String cell, String keyspace) {
        return cellDir(cell) + "SrvKeyspace/" + keyspace;
    }

    public String reconcilerDir() {
        return root() + "reconciler/";
    }

    public String reconcilerState() {
        return reconcilerDir() + "state";
    }

    public String lock() {
        return reconcilerDir() + "lock";
    }

    public String run(String id) {
        return reconcilerDir() + "runs/" + id;
    }

    public String runs() {
        return reconcilerDir() + "runs/";
    }

    /** The plan a run executes (its JSON form), so readers of a run (console, status) can name its steps. */
    public String runPlan(String id) {
        return plans() + id;
    }

    public String plans() {
        return reconcilerDir() + "plans/";
    }

    /** The approval of one gated step of one run: {@code reconciler/approvals/<run>/<step index>}. */
    public String approval(String runId, int step) {
        return approvals(runId) + step;
    }

    public String approvals(String runId) {
        return approvals() + runId + "/";
    }

    /** Every approval of every run. */
    public String approvals() {
        return reconcilerDir() + "approvals/";
    }

    /**
     * The folder of one watcher, {@code reconciler/watch/<branch>/<path hash>/}: the branch as it is
     * (it may hold '/'), the spec path inside the repository as the first 12 hex digits of its SHA-256
     * ("." for the root), so two watchers of one cluster following different folders do not share a record.
     */
    public String watchDir(String branch, String specPath) {
        return watches() + branch + "/" + pathHash(specPath) + "/";
    }

    /** Every watcher's folder. */
    public String watches() {
        return reconcilerDir() + "watch/";
    }

    /** The watcher's record (git.WatchRecord JSON, plus "branch" and "path"). */
    public String watchState(String branch, String specPath) {
        return watchDir(branch, specPath) + "state";
    }

    /** The commits the watcher processed, newest first, at most 100 (git.WatchHistory JSON). */
    public String watchHistory(String branch, String specPath) {
        return watchDir(branch, specPath) + "history";
    }

    static String pathHash(String specPath) {
        String p = specPath == null || specPath.isEmpty() ? "." : specPath;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(p.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** What a key of this cluster names. */
    public sealed interface Parsed {}

    public record CellInfoKey(String cell) implements Parsed {}

    public record KeyspaceKey(String keyspace) implements Parsed {}

    public record VSchemaKey(String keyspace) implements Parsed {}

    public record ShardKey(String keyspace, String shard) implements Parsed {}

    public record ShardSchemaKey(String keyspace, String shard) implements Parsed {}

    public record WorkflowKey(String keyspace, String name) implements Parsed {}

    /** A shard's failover record: the topology takes its needs-rebuild list. */
    public record ShardFailoversKey(String keyspace, String shard) implements Parsed {}

    public record TabletKey(String cell, String alias) implements Parsed {}

    public record SrvKeyspaceKey(String cell, String keyspace) implements Parsed {}

    public record ReconcilerStateKey() implements Parsed {}

    public record SchemaChangeKey(String keyspace, String table) implements Parsed {}

    /** A key of the reconciler's own bookkeeping (lock, runs): not part of the topology a plan reads. */
    public record ReconcilerKey(String rest) implements Parsed {}

    /** Parses a key of this cluster; empty for a key outside the layout. */
    public Optional<Parsed> parse(String key) {
        if (!key.startsWith(root())) {
            return Optional.empty();
        }
        String[] p = key.substring(root().length()).split("/", -1);
        if (p.length >= 2 && p[0].equals("reconciler")) {
            return Optional.of(p.length == 2 && p[1].equals("state") ? new ReconcilerStateKey()
                    : new ReconcilerKey(key.substring(reconcilerDir().length())));
        }
        if (p.length == 3 && p[0].equals("schemachanges")) {
            return Optional.of(new SchemaChangeKey(p[1], p[2]));
        }
        if (p.length == 4 && p[0].equals("global") && p[1].equals("cells") && p[3].equals("CellInfo")) {
            return Optional.of(new CellInfoKey(p[2]));
        }
        if (p.length >= 4 && p[0].equals("global") && p[1].equals("keyspaces")) {
            String ks = p[2];
            if (p.length == 4 && p[3].equals("Keyspace")) {
                return Optional.of(new KeyspaceKey(ks));
            }
            if (p.length == 4 && p[3].equals("VSchema")) {
                return Optional.of(new VSchemaKey(ks));
            }
            if (p.length == 6 && p[3].equals("shards") && p[5].equals("Shard")) {
                return Optional.of(new ShardKey(ks, p[4]));
            }
            if (p.length == 6 && p[3].equals("shards") && p[5].equals("Schema")) {
                return Optional.of(new ShardSchemaKey(ks, p[4]));
            }
            if (p.length == 6 && p[3].equals("shards") && p[5].equals("Failovers")) {
                return Optional.of(new ShardFailoversKey(ks, p[4]));
            }
            if (p.length == 5 && p[3].equals("workflows")) {
                return Optional.of(new WorkflowKey(ks, p[4]));
            }
        }
        if (p.length == 4 && p[0].equals("cells") && p[2].equals("tablets")) {
            return Optional.of(new TabletKey(p[1], p[3]));
        }
        if (p.length == 4 && p[0].equals("cells") && p[2].equals("SrvKeyspace")) {
            return Optional.of(new SrvKeyspaceKey(p[1], p[3]));
        }
        return Optional.empty();
    }
}
