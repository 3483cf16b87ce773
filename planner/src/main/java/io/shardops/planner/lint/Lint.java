package io.shardops.planner.lint;

import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The change review: every rule run on (the state before, the spec after), its findings sorted by where they
 * point. Pure; the planner attaches the findings to the plan, {@code validate} runs it with {@link Before#NONE}.
 */
public final class Lint {
    /** The rules, one per code (a test checks that every code has exactly one). */
    static final List<LintRule> RULES = List.of(
            new TableDropped(),
            new ColumnDropped(),
            new ColumnTypeNarrowed(),
            new UniqueKeyDropped(),
            new ColumnRenamed(),
            new TableWithoutPrimaryKey(),
            new PrimaryVindexChanged(),
            new VindexColumnTypeChanged(),
            new VindexDroppedInUse(),
            new VindexColumnNotInUniqueKey(),
            new ForeignKeyCrossShard(),
            new CharsetNotUtf8mb4());

    private static final Comparator<Problem> BY_POSITION = Comparator.<Problem, String>comparing(p -> p.location().file())
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column())
            .thenComparing(Problem::code);

    private Lint() {}

    /** The findings on changing from {@code before} to {@code after}, at the severities {@code after}'s policy gives. */
    public static List<Problem> check(Cluster after, Before before) {
        LintContext context = new LintContext(after, before);
        for (LintRule rule : RULES) {
            rule.check(context);
        }
        List<Problem> out = new ArrayList<>(context.findings());
        out.sort(BY_POSITION);
        return List.copyOf(out);
    }

    /** The findings that need no earlier state ({@code validate}). */
    public static List<Problem> check(Cluster spec) {
        return check(spec, Before.NONE);
    }
}
