package io.shardops.reconciler.apply;

import io.shardops.planner.topology.ReconcilerRecord;
import io.shardops.reconciler.topo.TopoStore;
import io.shardops.reconciler.topo.TopologyWriter;
import io.shardops.reconciler.topo.Versioned;

/**
 * Writes one run's record ({@code reconciler/runs/<id>}) and its summary in the reconciler record. Each write
 * is a compare-and-swap on the revision of the write before (the first on the revision the run was read at),
 * so the record is read once per run, and a run that another apply advanced meanwhile is noticed, not
 * overwritten.
 */
final class RunLog {
    /** Another apply wrote this run's record since this one read it. */
    static final class Moved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Moved(String runKey) {
            super("another apply advanced this run (" + runKey + ") since it was read; run shardops apply again to resume");
        }
    }

    private final TopoStore store;
    private final TopologyWriter writer;
    private final String runKey;
    private long revision;

    /** @param revision the mod revision the record was read at; 0 when there was none */
    RunLog(TopoStore store, TopologyWriter writer, String runKey, long revision) {
        this.store = store;
        this.writer = writer;
        this.runKey = runKey;
        this.revision = revision;
    }

    RunRecord save(RunRecord run) {
        Versioned written = store.putIfUnchanged(runKey, run.toJson(), revision).orElseThrow(() -> new Moved(runKey));
        revision = written.modRevision();
        writer.updateReconciler(r -> new ReconcilerRecord(r.appliedCommit(), r.appliedSpecHash(),
                new ReconcilerRecord.RunProgress(run.id(), run.commit(), run.stepsTotal(), run.stepsDone(), run.state(), run.message(), run.updatedAt())));
        return run;
    }
}
