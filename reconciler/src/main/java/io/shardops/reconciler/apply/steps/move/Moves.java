package io.shardops.reconciler.apply.steps.move;

import io.shardops.planner.plan.Action;
import io.shardops.reconciler.apply.steps.StepContext;
import io.shardops.reconciler.apply.steps.tablets.TabletManagers;
import java.util.function.Consumer;

/**
 * The data-plane half of a move (MoveTables, Reshard), one class per step: {@link StartCopy},
 * {@link VerifyDiff}, {@link PrimaryCutover} (switch-traffic), {@link ReverseTraffic} and {@link MoveCleanup}
 * (remove-tablet-controls, drop-tables, complete-migration). They reach tablets only through their
 * {@link io.shardops.dataplane.tablet.TabletManager}s. Every step is safe to redo: streams resume from the
 * position stored with their rows, tablet calls are idempotent, and a half-done primary switch rolls back to
 * the source serving.
 */
public final class Moves {
    private final StartCopy startCopy;
    private final VerifyDiff verifyDiff;
    private final PrimaryCutover switchTraffic;
    private final ReverseTraffic reverseTraffic;
    private final MoveCleanup cleanup;

    public Moves(TabletManagers managers, Consumer<String> progress) {
        MoveStreams streams = new MoveStreams(managers, progress);
        CopyWait copy = new CopyWait(managers, progress);
        DeniedTables denied = new DeniedTables(managers);
        this.startCopy = new StartCopy(streams, copy);
        this.verifyDiff = new VerifyDiff(managers, streams, copy, progress);
        this.switchTraffic = new PrimaryCutover(managers, streams, denied, progress);
        this.reverseTraffic = new ReverseTraffic(managers, streams, denied);
        this.cleanup = new MoveCleanup(managers, streams, denied, progress);
    }

    public void startCopy(Action.StartCopy a, StepContext ctx) throws Exception {
        startCopy.run(a, ctx);
    }

    public void verifyDiff(Action.VerifyDiff a, StepContext ctx) throws Exception {
        verifyDiff.run(a.workflow(), ctx);
    }

    public void switchTraffic(Action.SwitchTraffic a, StepContext ctx) throws Exception {
        switchTraffic.run(a, ctx);
    }

    public void reverseTraffic(Action.ReverseTraffic a, StepContext ctx) throws Exception {
        reverseTraffic.run(a, ctx);
    }

    public void removeTabletControls(Action.RemoveTabletControls a, StepContext ctx) {
        cleanup.removeTabletControls(a, ctx);
    }

    public void dropTables(Action.DropTables a, StepContext ctx) {
        cleanup.dropTables(a, ctx);
    }

    public void completeMigration(Action.CompleteMigration a, StepContext ctx) throws Exception {
        cleanup.completeMigration(a, ctx);
    }
}
