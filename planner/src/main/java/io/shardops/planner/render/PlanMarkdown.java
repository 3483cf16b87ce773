package io.shardops.planner.render;

import io.shardops.planner.plan.ApprovalClass;
import io.shardops.planner.plan.Change;
import io.shardops.planner.plan.FieldChange;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.Step;
import io.shardops.planner.plan.StepKind;
import io.shardops.spec.Problem;
import io.shardops.spec.text.Printable;
import java.util.List;

/**
 * The plan as Markdown for a pull request: the summary line, the change review's findings, the schema changes
 * and the destructive or gated steps outside a fold, the numbered steps and the object details inside {@code <details>}. Stays under a size limit
 * (GitHub refuses comments over 65,536 characters) by leaving out the tail of long lists, with a note.
 */
public final class PlanMarkdown {
    public static final int DEFAULT_LIMIT = 60_000;
    private static final int CALLOUT_LIMIT = 20;
    private static final int FINDINGS_LIMIT = 50;

    private PlanMarkdown() {}

    public static String render(Plan plan) {
        return render(plan, DEFAULT_LIMIT);
    }

    /** @param limit the most characters the result may have */
    public static String render(Plan plan, int limit) {
        return Printable.escapeLines(fitted(plan, limit)); // a pull request comment and a CI log get no raw control characters either
    }

    private static String fitted(Plan plan, int limit) {
        String full = render(plan, plan.steps().size(), plan.changes().size());
        if (full.length() <= limit) {
            return full;
        }
        // Keep as many steps and objects as fit, in proportion; binary search on the fraction kept.
        int lo = 0;
        int hi = 1000;
        String best = render(plan, 0, 0);
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            String attempt = render(plan, plan.steps().size() * mid / 1000, plan.changes().size() * mid / 1000);
            if (attempt.length() <= limit) {
                lo = mid;
                best = attempt;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    private static String render(Plan plan, int stepsShown, int changesShown) {
        StringBuilder b = new StringBuilder();
        b.append("### shardops plan for `").append(Describe.to(plan)).append("`\n\n");
        if (!plan.hasChanges()) {
            b.append("**No changes.** The cluster already matches the spec.\n");
            findings(b, plan);
            return b.toString();
        }
        Plan.Summary sum = plan.summary();
        b.append("**").append(sum.line()).append("**");
        if (sum.destructiveSteps() > 0) {
            b.append(" :warning: ").append(sum.destructiveSteps()).append(sum.destructiveSteps() == 1 ? " destructive step" : " destructive steps");
        }
        if (sum.gatedSteps() > 0) {
            b.append(", ").append(sum.gatedSteps()).append(sum.gatedSteps() == 1 ? " step needs" : " steps need").append(" approval");
        }
        b.append("\n\nPlanned from ").append(Describe.from(plan.from())).append(".\n");
        findings(b, plan);
        List<Step> schemaChanges = plan.steps().stream().filter(SchemaChangeNotes::isSchemaChange).toList();
        if (!schemaChanges.isEmpty()) {
            b.append("\n**Schema changes:**\n\n");
            for (Step st : schemaChanges.subList(0, Math.min(CALLOUT_LIMIT, schemaChanges.size()))) {
                b.append("- **").append(st.index()).append(".** ").append(escape(st.description()));
                SchemaChangeNotes.of(st).ifPresent(note -> b.append(" — ").append(escape(note)));
                b.append('\n');
            }
            if (schemaChanges.size() > CALLOUT_LIMIT) {
                b.append("- … and ").append(schemaChanges.size() - CALLOUT_LIMIT).append(" more, in the steps below.\n");
            }
        }

        List<Step> callouts = plan.steps().stream().filter(s -> s.destructive() || s.gated() || s.approval() != ApprovalClass.NONE).toList();
        if (!callouts.isEmpty()) {
            b.append("\n**Steps to review:**\n\n");
            for (Step s : callouts.subList(0, Math.min(CALLOUT_LIMIT, callouts.size()))) {
                b.append("- ").append(s.destructive() ? ":boom: " : ":vertical_traffic_light: ").append("**").append(s.index()).append(". ")
                        .append(escape(Describe.head(s))).append("**");
                String flags = Describe.flags(s);
                if (!flags.isEmpty()) {
                    b.append(" (").append(flags).append(")");
                } else if (s.approval() != ApprovalClass.NONE) {
                    b.append(" (").append(s.approval().word()).append(")");
                }
                b.append(": ").append(escape(s.description())).append('\n');
            }
            if (callouts.size() > CALLOUT_LIMIT) {
                b.append("- … and ").append(callouts.size() - CALLOUT_LIMIT).append(" more, in the steps below.\n");
            }
        }

        b.append("\n<details><summary>Steps (").append(plan.steps().size()).append(") and objects (").append(plan.changes().size()).append(")</summary>\n\n");
        if (!plan.steps().isEmpty()) {
            b.append("| # | step | target | after | description |\n|---:|---|---|---|---|\n");
            for (Step s : plan.steps().subList(0, stepsShown)) {
                String kind = "`" + s.kind().word() + "`" + (s.destructive() ? " :boom:" : "") + (s.gated() ? " :vertical_traffic_light:" : "");
                b.append("| ").append(s.index()).append(" | ").append(kind).append(" | `").append(escape(Describe.head(s).substring(s.kind().word().length() + 1)))
                        .append("` | ").append(deps(s.dependsOn())).append(" | ").append(escape(s.description())).append(" |\n");
            }
            b.append('\n');
        }
        if (!plan.changes().isEmpty()) {
            b.append("```diff\n");
            for (Change c : plan.changes().subList(0, changesShown)) {
                b.append(c.action().symbol()).append(' ').append(c.address());
                if (!c.reason().isEmpty()) {
                    b.append("  (").append(c.reason()).append(')');
                }
                b.append('\n');
                for (FieldChange f : c.fields()) {
                    if (f.before() == null) {
                        b.append("+     ").append(f.field()).append(": ").append(f.after()).append('\n');
                    } else if (f.after() == null) {
                        b.append("-     ").append(f.field()).append(": ").append(f.before()).append('\n');
                    } else {
                        b.append("!     ").append(f.field()).append(": ").append(f.before()).append(" -> ").append(f.after()).append('\n');
                    }
                }
            }
            b.append("```\n");
        }
        int cutSteps = plan.steps().size() - stepsShown;
        int cutChanges = plan.changes().size() - changesShown;
        if (cutSteps > 0 || cutChanges > 0) {
            b.append("\n_Cut to fit a pull-request comment: ").append(cutSteps).append(cutSteps == 1 ? " step" : " steps").append(" and ")
                    .append(cutChanges).append(cutChanges == 1 ? " object" : " objects")
                    .append(" not shown. Run `shardops plan` or read the JSON plan for all of them._\n");
        }
        b.append("\n</details>\n");
        return b.toString();
    }

    /** The change review's findings as a table, above the fold. */
    private static void findings(StringBuilder b, Plan plan) {
        if (plan.findings().isEmpty()) {
            return;
        }
        b.append("\n**").append(plan.blockingFindings().isEmpty() ? ":warning: " : ":x: ").append(Findings.headline(plan)).append("**\n\n");
        b.append("| severity | where | code | finding |\n|---|---|---|---|\n");
        List<Problem> shown = plan.findings().subList(0, Math.min(FINDINGS_LIMIT, plan.findings().size()));
        shown.forEach(p -> b.append(Findings.markdownRow(p)));
        if (plan.findings().size() > FINDINGS_LIMIT) {
            b.append("\n… and ").append(plan.findings().size() - FINDINGS_LIMIT).append(" more: run `shardops plan` for all of them.\n");
        }
    }

    private static String deps(List<Integer> deps) {
        if (deps.size() > 6) {
            return deps.subList(0, 5).stream().map(String::valueOf).reduce((a, c) -> a + ", " + c).orElse("") + " … (" + deps.size() + ")";
        }
        return Describe.dependsOn(deps);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
