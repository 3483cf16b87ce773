package io.shardops.planner;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cluster;
import io.shardops.spec.load.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The reference journey's specs from examples/, for tests. */
public final class Journey {
    private Journey() {}

    public static Path root() {
        String r = System.getProperty("repo.root");
        Path p = r == null || r.isBlank() ? Path.of("..") : Path.of(r);
        return p.toAbsolutePath().normalize();
    }

    /** The phase files in order, relative to the repo root. */
    public static List<String> phases() {
        try (Stream<Path> s = Files.list(root().resolve("examples/phases"))) {
            List<String> out = new ArrayList<>(s.filter(f -> f.getFileName().toString().matches("\\d{3}_.*\\.yaml"))
                    .map(f -> "examples/phases/" + f.getFileName()).sorted().toList());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Map<String, Cluster> LOADED = new ConcurrentHashMap<>();

    /** Loads a spec once per test run: loading validates against the JSON Schema, which is slow to repeat. */
    public static Cluster load(String relative) {
        return LOADED.computeIfAbsent(relative, r -> SpecLoader.load(root().resolve(r)).orThrow());
    }

    /** Plans {@code to} against the state {@code from} describes; {@code from} null means an empty cluster. */
    public static PlanResult plan(String from, String to) {
        Cluster desired = load(to);
        Topology live = from == null ? Topology.empty(desired.name()) : TopologyOf.spec(load(from));
        PlanSource source = from == null ? PlanSource.ofTopology(0, Map.of()) : PlanSource.ofSpec(from, "");
        return Planner.plan(desired, live, source, new PlanTarget(desired.name(), to, "", ""));
    }
}
