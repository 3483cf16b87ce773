package io.shardops.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardops.planner.topology.RunState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code reconciler/runs/<id>}: how far one apply run got, so a later run of the same plan resumes.
 * JSON: {@code {"id","cluster","specHash","commit","stepsTotal","stepsDone":[..],"current":N,"state","message","updatedAt"}};
 * {@code current} is the step started and not finished (0 when none), {@code state} the {@link RunState#word()}
 * ({@code running}, {@code waiting-approval}, {@code failed}, {@code done}).
 */
public record RunRecord(String id, String cluster, String specHash, String commit, int stepsTotal, List<Integer> stepsDone,
                        int current, RunState state, String message, String updatedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public RunRecord {
        stepsDone = List.copyOf(new TreeSet<>(stepsDone));
    }

    public boolean isDone(int step) {
        return stepsDone.contains(step);
    }

    public RunRecord started(int step, String message, String now) {
        return new RunRecord(id, cluster, specHash, commit, stepsTotal, stepsDone, step, RunState.RUNNING, message, now);
    }

    public RunRecord finished(int step, String now) {
        List<Integer> done = new ArrayList<>(stepsDone);
        done.add(step);
        return new RunRecord(id, cluster, specHash, commit, stepsTotal, done, 0, RunState.RUNNING, "", now);
    }

    public RunRecord stopped(RunState newState, String why, String now) {
        return new RunRecord(id, cluster, specHash, commit, stepsTotal, stepsDone, current, newState, why, now);
    }

    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("cluster", cluster);
        o.put("specHash", specHash);
        o.put("commit", commit);
        o.put("stepsTotal", stepsTotal);
        stepsDone.forEach(o.putArray("stepsDone")::add);
        if (stepsDone.isEmpty()) {
            o.putArray("stepsDone");
        }
        o.put("current", current);
        o.put("state", state.word());
        o.put("message", message);
        o.put("updatedAt", updatedAt);
        return o.toString();
    }

    public static RunRecord fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            List<Integer> done = new ArrayList<>();
            n.path("stepsDone").forEach(x -> done.add(x.asInt()));
            return new RunRecord(n.path("id").asText(), n.path("cluster").asText(), n.path("specHash").asText(""),
                    n.path("commit").asText(""), n.path("stepsTotal").asInt(), done, n.path("current").asInt(0),
                    n.hasNonNull("state") ? RunState.fromWord(n.path("state").asText()) : RunState.RUNNING, n.path("message").asText(""), n.path("updatedAt").asText(""));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a run record: " + e.getMessage(), e);
        }
    }
}
