package io.shardops.planner.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.planner.diff.Planner;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.PlanResult;
import io.shardops.planner.plan.PlanSource;
import io.shardops.planner.plan.PlanTarget;
import io.shardops.planner.render.PlanJson;
import io.shardops.planner.render.PlanMarkdown;
import io.shardops.planner.render.PlanText;
import io.shardops.planner.topology.TopologyOf;
import io.shardops.spec.Cluster;
import io.shardops.spec.LintCode;
import io.shardops.spec.Problem;
import io.shardops.spec.golden.GoldenFile;
import io.shardops.spec.load.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The lint corpus ({@code src/test/resources/lint}): one folder per code, whose {@code after.yaml} changes one thing
 * of the shared {@code before.yaml}. Each plans {@code after} against the state {@code before} describes (as
 * {@code plan --from} and {@code preview} do), must report its code at the line of {@code after.yaml} that causes it,
 * and keeps the text and Markdown plan as golden files ({@code -Dgolden.update=true} regenerates them).
 */
class LintCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/lint");

    static Stream<String> codes() {
        return Arrays.stream(LintCode.values()).map(LintCode::code);
    }

    static Plan plan(String code) {
        Cluster before = SpecLoader.load(CORPUS.resolve("before.yaml")).orThrow();
        Cluster after = SpecLoader.load(CORPUS.resolve(code).resolve("after.yaml")).orThrow();
        PlanResult r = Planner.plan(after, TopologyOf.spec(before), PlanSource.ofSpec("before.yaml", ""), new PlanTarget("demo", code + "/after.yaml", "", ""));
        assertFalse(r.refused(), () -> code + " refused: " + r.errors());
        return r.plan();
    }

    @ParameterizedTest
    @MethodSource("codes")
    void eachCodeHasASpecThatTriggersIt(String code) throws IOException {
        Plan plan = plan(code);
        List<Problem> mine = plan.findings().stream().filter(f -> f.code().equals(code)).toList();
        assertFalse(mine.isEmpty(), code + " is not reported; found " + plan.findings());
        String after = CORPUS.resolve(code).resolve("after.yaml").toString();
        for (Problem f : mine) {
            assertEquals(after, f.location().file(), code + " points into the spec that causes it");
            assertTrue(f.location().line() > 1 && f.location().column() >= 1, code + " has a line and column: " + f.location());
            assertEquals(LintCode.of(code).orElseThrow().defaultSeverity(), f.severity(), code + " at its default level");
            assertFalse(f.hint().isEmpty(), code + " says what to do");
        }
        assertEquals(plan, PlanJson.read(PlanJson.write(plan)), code + ": a saved plan keeps its findings");
        String prefix = CORPUS + "/";
        GoldenFile.assertMatches(CORPUS.resolve(code).resolve("plan.txt"), PlanText.render(plan, false).replace(prefix, ""));
        GoldenFile.assertMatches(CORPUS.resolve(code).resolve("plan.md"), PlanMarkdown.render(plan).replace(prefix, ""));
    }

    @Test
    void theUnchangedSpecHasNoFinding() {
        Cluster before = SpecLoader.load(CORPUS.resolve("before.yaml")).orThrow();
        assertEquals(List.of(), Lint.check(before, Before.of(TopologyOf.spec(before))));
    }

    @Test
    void theCorpusHoldsOneFolderPerCodeAndNothingElse() throws IOException {
        Set<String> folders;
        try (Stream<Path> s = Files.list(CORPUS)) {
            folders = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(codes().collect(Collectors.toCollection(TreeSet::new)), folders);
    }
}
