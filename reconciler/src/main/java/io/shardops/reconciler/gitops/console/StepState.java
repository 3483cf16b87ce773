package io.shardops.reconciler.gitops.console;

/** What a step of a run is doing, as the console shows it; in the console JSON as its {@link #word()}. */
public enum StepState {
    DONE("done"),
    RUNNING("running"),
    WAITING_APPROVAL("waiting-approval"),
    FAILED("failed"),
    PENDING("pending");

    private final String word;

    StepState(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
