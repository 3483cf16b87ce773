package io.shardops.dataplane.tablet.copy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a stream into a tablet is. Written as its {@link #word()} in {@code _shardops.stream.state} and in the
 * tablet manager's JSON, as it always was.
 */
public enum StreamState {
    /** The snapshot copy runs. */
    COPYING("copying"),
    /** The copy is done; the stream follows the source's binlog. */
    RUNNING("running"),
    /** Not running on the tablet (stopped, or the tablet restarted and has not resumed it). */
    STOPPED("stopped"),
    /** Failed; the stream's message says why. */
    ERROR("error");

    private final String word;

    StreamState(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    /** A stored or received state; throws, naming the known words, for anything else. */
    @JsonCreator
    public static StreamState of(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
        for (StreamState s : values()) {
            if (s.word.equals(w)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stream state '" + word + "'; expected one of "
                + Arrays.stream(values()).map(StreamState::word).collect(Collectors.joining(", ")));
    }

    /** Whether a stream in this state runs again when it is started or its tablet restarts. */
    public boolean resumable() {
        return this == COPYING || this == RUNNING;
    }

    @Override
    public String toString() {
        return word;
    }
}
