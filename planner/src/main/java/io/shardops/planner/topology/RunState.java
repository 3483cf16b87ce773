package io.shardops.planner.topology;

import java.util.Locale;

/**
 * Where an apply run is. Written as its {@link #word()} in the run record ({@code reconciler/runs/<id>}), in
 * {@code reconciler/state} and in the console's JSON, as it always was.
 */
public enum RunState {
    /** A step runs, or the run is between steps. */
    RUNNING("running"),
    /** Stopped before a gated step until it is approved. */
    WAITING_APPROVAL("waiting-approval"),
    /** Stopped with an error; the message says why. */
    FAILED("failed"),
    /** Every step done. */
    DONE("done");

    private final String word;

    RunState(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The state a word names (any case); a word no version of shardops wrote is refused, naming it. */
    public static RunState fromWord(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
        for (RunState s : values()) {
            if (s.word.equals(w)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run state '" + word + "': expected running, waiting-approval, failed or done");
    }
}
