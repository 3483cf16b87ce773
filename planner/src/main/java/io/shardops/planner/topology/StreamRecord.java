package io.shardops.planner.topology;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One copy/catch-up stream of a workflow, from one source shard into one target shard, as the reconciler last saw it.
 *
 * @param position   the source's GTID position the target has applied up to; empty before the copy
 * @param rowsCopied rows written by the snapshot copy so far
 * @param lagSeconds how far the target was behind the source; 0 when caught up or not following
 */
public record StreamRecord(String sourceShard, String targetShard, String position, long rowsCopied, @JsonIgnore State state,
                           @JsonIgnore long lagSeconds) {
    /** Where a stream was; in the workflow record as its {@link #word()}, as it always was. */
    public enum State {
        /** Asked to start; the target does not list it yet. */
        STARTING("starting"),
        /** The snapshot copy runs. */
        COPYING("copying"),
        /** The copy is done; the stream follows the source's binlog. */
        RUNNING("running"),
        /** Not running. */
        STOPPED("stopped"),
        /** Failed (the move step reports why). */
        ERROR("error"),
        /** The target tablet did not answer. */
        UNREACHABLE("unreachable"),
        /** Not recorded (a record written before states were kept), or a word this version does not know. */
        UNKNOWN("");

        private final String word;

        State(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** The state a word names; {@link #UNKNOWN} for an empty or unknown word, so an old record always reads. */
        public static State fromWord(String word) {
            String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
            for (State s : values()) {
                if (s.word.equals(w)) {
                    return s;
                }
            }
            return UNKNOWN;
        }
    }

    /** {@code running (lag 3 s)}: how the state reads in a workflow record. */
    private static final Pattern WITH_LAG = Pattern.compile("(.*?)\\s*\\(lag (\\d+) s\\)\\s*");

    public StreamRecord(String sourceShard, String targetShard, String position, long rowsCopied, State state) {
        this(sourceShard, targetShard, position, rowsCopied, state, 0);
    }

    /** This stream as history once its move completed: what it copied and reached, no longer running. */
    public StreamRecord stopped() {
        return new StreamRecord(sourceShard, targetShard, position, rowsCopied, State.STOPPED);
    }

    /** The state as a workflow record (and {@code status --format json}) spells it: the word, with the lag when behind. */
    @JsonProperty("state")
    public String stateText() {
        return state.word() + (lagSeconds > 0 ? " (lag " + lagSeconds + " s)" : "");
    }

    /** A stream as a workflow record spells it; reads every record written so far. */
    public static StreamRecord parse(String sourceShard, String targetShard, String position, long rowsCopied, String stateText) {
        String text = stateText == null ? "" : stateText;
        Matcher m = WITH_LAG.matcher(text);
        if (m.matches()) {
            return new StreamRecord(sourceShard, targetShard, position, rowsCopied, State.fromWord(m.group(1)), Long.parseLong(m.group(2)));
        }
        return new StreamRecord(sourceShard, targetShard, position, rowsCopied, State.fromWord(text));
    }
}
