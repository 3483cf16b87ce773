package io.shardops.reconciler.apply.steps.tablets;

import io.shardops.dataplane.tablet.StreamSpec;
import io.shardops.dataplane.tablet.StreamStatus;
import io.shardops.dataplane.tablet.TableSchema;
import io.shardops.dataplane.tablet.TabletManager;
import io.shardops.dataplane.tablet.TabletManagerException;
import io.shardops.dataplane.tablet.TabletStatus;
import io.shardops.dataplane.tablet.diff.TableDiff;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.dataplane.tablet.shadow.AlterAlgorithm;
import io.shardops.dataplane.tablet.shadow.TableChecksum;
import io.shardops.planner.topology.TabletRecord;
import io.shardops.spec.Durability;
import io.shardops.spec.TabletType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tablet managers at the edge of a test: every call is recorded as {@code alias call [args]} in order, positions
 * are {@code 0-1-<n>}, and a call named in {@link #failOn} throws. The step handlers under test are production's.
 */
public final class FakeTablets implements TabletManagers {
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private volatile int killedTransactions;

    @Override
    public TabletManager of(TabletRecord tablet) {
        return new Fake(tablet.alias());
    }

    /** The calls so far, in order. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls so far whose text starts with {@code prefix} ({@code alias call}). */
    public List<String> calls(String prefix) {
        return calls().stream().filter(c -> c.startsWith(prefix)).toList();
    }

    /** Makes {@code alias call} (e.g. {@code zone1-0000000200 waitForStreamPosition}) fail from now on. */
    public FakeTablets failOn(String aliasAndCall) {
        failing.add(aliasAndCall);
        return this;
    }

    /** How many open transactions each {@code endOpenWriteTransactions} reports killed. */
    public FakeTablets killing(int transactions) {
        killedTransactions = transactions;
        return this;
    }

    private final class Fake implements TabletManager {
        private final String alias;

        Fake(String alias) {
            this.alias = alias;
        }

        private void call(String name, Object... args) {
            String text = alias + " " + name + (args.length == 0 ? "" : " " + List.of(args));
            calls.add(text);
            if (failing.contains(alias + " " + name)) {
                throw new TabletManagerException(name + " failed on " + alias + " (a fake fault)");
            }
        }

        @Override
        public TabletStatus status() {
            throw new UnsupportedOperationException("status");
        }

        @Override
        public String initPrimary() {
            call("initPrimary");
            return "0-1-1";
        }

        @Override
        public void setReplicationSource(String primaryHost, int primaryMysqlPort) {
            call("setReplicationSource", primaryHost, primaryMysqlPort);
        }

        @Override
        public String promoteReplica() {
            call("promoteReplica");
            return "0-1-1";
        }

        @Override
        public void stopReplication() {
            call("stopReplication");
        }

        @Override
        public void startReplication() {
            call("startReplication");
        }

        @Override
        public void waitForPosition(String gtidPosition, Duration timeout) {
            call("waitForPosition", gtidPosition);
        }

        @Override
        public String replicationPosition() {
            call("replicationPosition");
            return "0-1-" + calls.size();
        }

        @Override
        public void applySchema(List<String> statements) {
            call("applySchema", statements);
        }

        @Override
        public List<TableSchema> schema(List<String> tables) {
            call("schema", tables);
            return List.of();
        }

        @Override
        public void createSequence(String name, long start, long cache) {
            call("createSequence", name, start, cache);
        }

        @Override
        public void setTabletType(TabletType type) {
            call("setTabletType", type.word());
        }

        @Override
        public void setServing(boolean serving) {
            call("setServing", serving);
        }

        @Override
        public void setDeniedTables(List<String> tables) {
            call("setDeniedTables", tables);
        }

        @Override
        public void startStream(StreamSpec spec) {
            call("startStream", spec.workflow());
        }

        @Override
        public List<StreamStatus> streams() {
            call("streams");
            return List.of();
        }

        @Override
        public void waitForStreamPosition(String workflow, String gtidPosition, Duration timeout) {
            call("waitForStreamPosition", workflow);
        }

        @Override
        public String pauseStream(String workflow, String until) {
            call("pauseStream", workflow);
            return until;
        }

        @Override
        public void resumeStream(String workflow) {
            call("resumeStream", workflow);
        }

        @Override
        public void startReplicationUntil(String gtidPosition) {
            call("startReplicationUntil", gtidPosition);
        }

        @Override
        public void stopStream(String workflow) {
            call("stopStream", workflow);
        }

        @Override
        public void deleteStream(String workflow) {
            call("deleteStream", workflow);
        }

        @Override
        public int endOpenWriteTransactions(Duration grace) {
            call("endOpenWriteTransactions");
            return killedTransactions;
        }

        @Override
        public void setDurability(Durability durability) {
            call("setDurability", durability.word());
        }

        @Override
        public String stopReplicationReceiving() {
            call("stopReplicationReceiving");
            return "";
        }

        @Override
        public void fence() {
            call("fence");
        }

        @Override
        public TableDiff.Result diffTable(TableDiffSpec spec) {
            call("diffTable", spec.table());
            return new TableDiff.Result(spec.table(), 0, 0, 0, 0, 0, List.of());
        }

        @Override
        public AlterAlgorithm probeAlter(String table, String alterClauses) {
            call("probeAlter", table);
            return AlterAlgorithm.INSTANT;
        }

        @Override
        public void createShadowTable(String table, String shadow, String alterClauses, boolean fresh) {
            call("createShadowTable", table, shadow);
        }

        @Override
        public void holdTables(List<String> tables) {
            call("holdTables", tables);
        }

        @Override
        public boolean swapTables(String table, String incoming, String outgoing) {
            call("swapTables", table, incoming, outgoing);
            return true;
        }

        @Override
        public TableChecksum verifyFollowing(String table, String target, String workflow) {
            call("verifyFollowing", table, target);
            return new TableChecksum(0, 0, 0, 0);
        }

        @Override
        public long estimatedRows(String table) {
            call("estimatedRows", table);
            return 0;
        }
    }
}
