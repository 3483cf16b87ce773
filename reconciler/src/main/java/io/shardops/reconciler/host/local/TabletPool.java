package io.shardops.reconciler.host.local;

import io.shardops.dataplane.files.FileTrees;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.tablet.Tablet;
import io.shardops.reconciler.provision.ProvisionedObject;
import io.shardops.reconciler.provision.ProvisionedTablet;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every tablet of the node: those recorded in the state dir ({@code tablets/<alias>/tablet.json}) and the
 * ones running now. Changes are serialised (one ensure or remove at a time); tablets of one call start
 * in parallel, as their mysqlds do not depend on each other.
 */
final class TabletPool implements AutoCloseable {
    private final StateDir dir;
    /** The node's address, where its tablets listen. */
    private final String host;
    private final RunningTablet.Runner runner;
    /** Written under the pool's lock, except a tablet's type, which its own tablet reports (under {@link #files}). */
    private final Map<String, TabletConfig> known = new ConcurrentSkipListMap<>();
    private final Object files = new Object();
    private final Map<String, RunningTablet> running = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final AsideTablets aside;
    private final ExecutorService starter = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "shardops-tablet-start");
        t.setDaemon(true);
        return t;
    });

    TabletPool(StateDir dir, String host, RunningTablet.Runner runner) throws IOException {
        this.dir = dir;
        this.host = host;
        this.runner = runner;
        this.aside = new AsideTablets(dir, Clock.systemUTC());
        for (TabletConfig c : readAll(dir)) {
            known.put(c.alias(), c);
        }
    }

    static List<TabletConfig> readAll(StateDir dir) throws IOException {
        List<TabletConfig> out = new ArrayList<>();
        if (!Files.isDirectory(dir.tabletsDir())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.tabletsDir())) {
            for (Path p : ds) {
                TabletConfig.read(p).ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparingInt(TabletConfig::uid));
        return out;
    }

    /** Starts every tablet recorded as running (after a restart of the node). Failures are kept for status. */
    synchronized List<ProvisionedObject> resume() {
        List<TabletConfig> toStart = known.values().stream().filter(TabletConfig::running)
                .filter(c -> !running.containsKey(c.alias())).toList();
        return startAll(toStart, ProvisionedObject.Effect.UPDATED, false);
    }

    synchronized NodeApi.TabletsResult ensure(String keyspace, String shard, String cell, TabletCounts counts) {
        return apply(TabletAllocation.decide(known.values(), keyspace, shard, cell, counts), keyspace, shard, cell);
    }

    /** Runs exactly the {@code placed} tablets of the shard here (a cluster over several hosts chose them). */
    synchronized NodeApi.TabletsResult ensurePlaced(String keyspace, String shard, String cell, List<NodeApi.PlacedTablet> placed) {
        return apply(TabletAllocation.exactly(known.values(), keyspace, shard, cell, placed), keyspace, shard, cell);
    }

    private NodeApi.TabletsResult apply(TabletAllocation a, String keyspace, String shard, String cell) {
        List<ProvisionedObject> changes = new ArrayList<>();
        for (TabletConfig c : a.stop()) {
            stopOne(c, false);
            changes.add(new ProvisionedObject(ProvisionedObject.Effect.DELETED, "tablet", c.alias()));
        }
        for (TabletConfig c : a.keep()) {
            if (running.containsKey(c.alias())) {
                changes.add(new ProvisionedObject(ProvisionedObject.Effect.UNCHANGED, "tablet", c.alias()));
            }
        }
        // a tablet recorded as running that is not (it failed to start, or its mysqld crashed) is started again
        List<TabletConfig> again = a.keep().stream().filter(c -> !running.containsKey(c.alias())).toList();
        changes.addAll(startAll(again, ProvisionedObject.Effect.UPDATED, true));
        changes.addAll(startAll(a.start(), ProvisionedObject.Effect.CREATED, true));
        return new NodeApi.TabletsResult(tabletsOf(keyspace, shard, cell), changes);
    }

    /**
     * Replaces lost tablet {@code alias} of the shard (docs/replace.md) by a new one of the same cell and pool with
     * the next uid of the shard's block never given (a uid is its MariaDB's server id, and a replica skips binlog
     * events that carry its own), started not serving with an empty datadir. The lost tablet stops and its directory
     * is set aside ({@link AsideTablets}). Asked again for the same alias (an apply that resumed), it returns that
     * replacement, started again if it is not running. A tablet stopped (the counts went down) or not on this node is
     * not replaced: the result has no tablet.
     */
    synchronized NodeApi.TabletsResult rebuild(String keyspace, String shard, String cell, String alias) {
        List<ProvisionedObject> changes = new ArrayList<>();
        try {
            TabletConfig lost = known.get(alias);
            TabletConfig replacement;
            if (lost == null) {
                Optional<String> replaced = aside.replacementOf(alias);
                if (replaced.isEmpty()) {
                    return new NodeApi.TabletsResult(List.of(), changes);  // never here, or gone: nothing to replace
                }
                replacement = known.get(replaced.get());
                if (replacement == null) {
                    throw new IllegalStateException("tablet " + alias + " was replaced by " + replaced.get() + ", which this node no longer has");
                }
            } else if (!lost.running()) {
                return new NodeApi.TabletsResult(List.of(), changes);  // stopped by the counts since: not replaced
            } else {
                if (!lost.belongsTo(keyspace, shard, cell)) {
                    throw new IllegalArgumentException("tablet " + alias + " is of " + lost.keyspace() + "/" + lost.shard() + ", not of " + keyspace + "/" + shard);
                }
                int uid = nextUid(lost.uid() / TabletAllocation.BLOCK * TabletAllocation.BLOCK, keyspace, shard);
                replacement = new TabletConfig(ProvisionedTablet.alias(cell, uid), keyspace, shard, cell, uid, lost.poolType(), lost.poolType(),
                        0, 0, 0, true);
                stopOne(lost, false);
                save(replacement);
                Tablet.startsNotServing(dir.tabletDir(replacement.alias()), replacement.poolType());
                Path where = aside.setAside(alias, replacement.alias());
                known.remove(alias);
                failures.remove(alias);
                changes.add(new ProvisionedObject(ProvisionedObject.Effect.DELETED, "tablet", alias));
                changes.add(new ProvisionedObject(ProvisionedObject.Effect.UPDATED, "volume", alias + " kept aside in " + where));
            }
            if (!running.containsKey(replacement.alias())) {
                changes.addAll(startAll(List.of(known.get(replacement.alias())), ProvisionedObject.Effect.CREATED, true));
            }
            return new NodeApi.TabletsResult(List.of(known.get(replacement.alias()).provisioned(host)), changes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rebuild tablet " + alias + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private int nextUid(int base, String keyspace, String shard) throws IOException {
        int max = base - 1;
        for (TabletConfig c : known.values()) {
            if (c.uid() / TabletAllocation.BLOCK * TabletAllocation.BLOCK == base) {
                max = Math.max(max, c.uid());
            }
        }
        for (int uid : aside.uids()) {
            if (uid / TabletAllocation.BLOCK * TabletAllocation.BLOCK == base) {
                max = Math.max(max, uid);
            }
        }
        if (max + 1 >= base + TabletAllocation.BLOCK) {
            throw new IllegalStateException("shard " + keyspace + "/" + shard + " has used every tablet uid of its block " + base);
        }
        return max + 1;
    }

    synchronized NodeApi.TabletsResult remove(String keyspace, String shard, String cell) {
        List<ProvisionedObject> changes = new ArrayList<>();
        for (TabletConfig c : List.copyOf(known.values())) {
            if (c.belongsTo(keyspace, shard, cell) && c.running()) {
                stopOne(c, false);
                changes.add(new ProvisionedObject(ProvisionedObject.Effect.DELETED, "tablet", c.alias()));
            }
        }
        return new NodeApi.TabletsResult(List.of(), changes);
    }

    synchronized NodeApi.TabletsResult purge(String keyspace, String shard, String cell) {
        List<ProvisionedObject> changes = new ArrayList<>(remove(keyspace, shard, cell).changes());
        for (TabletConfig c : List.copyOf(known.values())) {
            if (c.belongsTo(keyspace, shard, cell)) {
                try {
                    FileTrees.deleteRecursively(dir.tabletDir(c.alias()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the data of tablet " + c.alias() + ": " + e.getMessage(), e);
                }
                known.remove(c.alias());
                failures.remove(c.alias());
                changes.add(new ProvisionedObject(ProvisionedObject.Effect.DELETED, "volume", c.alias()));
            }
        }
        return new NodeApi.TabletsResult(List.of(), changes);
    }

    /** The running tablets of a shard, in uid order. */
    synchronized List<ProvisionedTablet> tabletsOf(String keyspace, String shard, String cell) {
        return known.values().stream().filter(c -> c.belongsTo(keyspace, shard, cell) && c.running())
                .sorted(Comparator.comparingInt(TabletConfig::uid))
                .map(c -> c.provisioned(host)).toList();
    }

    synchronized List<TabletConfig> configs() {
        return List.copyOf(known.values());
    }

    synchronized Optional<RunningTablet> runningTablet(String alias) {
        return Optional.ofNullable(running.get(alias));
    }

    synchronized Optional<String> failure(String alias) {
        return Optional.ofNullable(failures.get(alias));
    }

    /**
     * Records a tablet's new type (a replica elected primary comes back as primary after a restart).
     * Not under the pool's lock: a starting tablet reports its type while an ensure holds that lock.
     */
    void recordType(String alias, TabletType type) {
        synchronized (files) {
            TabletConfig c = known.get(alias);
            if (c != null && c.type() != type) {
                save(c.withType(type));
            }
        }
    }

    private List<ProvisionedObject> startAll(List<TabletConfig> configs, ProvisionedObject.Effect effect, boolean failLoudly) {
        List<TabletConfig> withPorts = new ArrayList<>();
        for (TabletConfig c : configs) {
            TabletConfig p = choosePorts(c);
            save(p);
            withPorts.add(p);
        }
        List<Future<RunningTablet>> started = new ArrayList<>();
        for (TabletConfig c : withPorts) {
            started.add(starter.submit(() -> runner.start(c)));
        }
        List<ProvisionedObject> changes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < withPorts.size(); i++) {
            TabletConfig c = withPorts.get(i);
            try {
                running.put(c.alias(), started.get(i).get());
                failures.remove(c.alias());
                changes.add(new ProvisionedObject(effect, "tablet", c.alias()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add(c.alias() + ": interrupted");
            } catch (ExecutionException e) {
                String why = e.getCause() == null ? e.toString() : e.getCause().getMessage();
                failures.put(c.alias(), why);
                errors.add("tablet " + c.alias() + " (" + c.keyspace() + "/" + c.shard() + ") did not start: " + why);
            }
        }
        if (failLoudly && !errors.isEmpty()) {
            throw new IllegalStateException(String.join("\n", errors));
        }
        return changes;
    }

    /** New tablets get free ports; a restarted tablet keeps its own unless another program took them. */
    private static TabletConfig choosePorts(TabletConfig c) {
        boolean fresh = c.mysqlPort() == 0;
        boolean taken = !fresh && (FreePorts.inUse(c.queryPort()) || FreePorts.inUse(c.managerPort()));
        if (!fresh && !taken) {
            return c;
        }
        List<Integer> ports = FreePorts.several(3);
        // an existing mysqld keeps its port: a leftover server on it is adopted, not replaced
        int mysql = fresh ? ports.get(0) : c.mysqlPort();
        return c.withPorts(mysql, ports.get(1), ports.get(2));
    }

    private void stopOne(TabletConfig c, boolean keepRunningFlag) {
        RunningTablet t = running.remove(c.alias());
        if (t != null) {
            t.stop();
        }
        if (!keepRunningFlag) {
            save(c.withRunning(false));
        }
    }

    private void save(TabletConfig c) {
        synchronized (files) {
            try {
                c.write(dir.tabletDir(c.alias()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record tablet " + c.alias() + " in " + dir + ": " + e.getMessage(), e);
            }
            known.put(c.alias(), c);
        }
    }

    /** Stops every running tablet (node shutdown); they stay recorded as running, so the next node resumes them. */
    @Override
    public synchronized void close() {
        List<Future<?>> stops = new ArrayList<>();
        for (RunningTablet t : running.values()) {
            stops.add(starter.submit(t::stop));
        }
        for (Future<?> f : stops) {
            try {
                f.get();
            } catch (Exception e) {
                // keep stopping the others
            }
        }
        running.clear();
        starter.shutdownNow();
    }
}
