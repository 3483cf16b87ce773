package io.shardops.planner.render;

import io.shardops.planner.plan.Plan;
import io.shardops.spec.Problem;
import io.shardops.spec.Severity;
import io.shardops.spec.text.Printable;
import java.util.List;

/** The change review's findings as the text and Markdown plans show them, before anything else a reviewer reads. */
final class Findings {
    private Findings() {}

    /** {@code 1 error, 2 warnings} */
    static String count(List<Problem> findings) {
        long errors = findings.stream().filter(Problem::isError).count();
        long warnings = findings.size() - errors;
        return errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings");
    }

    /** The headline: what the findings mean for {@code apply}. */
    static String headline(Plan plan) {
        return "Review of the change: " + count(plan.findings()) + (plan.blockingFindings().isEmpty()
                ? "." : ". An error stops apply: fix the spec, or set the code's level in policy.lint (docs/lint.md).");
    }

    /** {@code FILE:LINE:COL: error: MESSAGE [code]} and the hint, indented; escaped like every problem. */
    static String text(Problem p, String indent) {
        String head = indent + Printable.escape(p.location().toString()) + ": " + p.severity().word() + ": " + Printable.escape(p.message())
                + " [" + Printable.escape(p.code()) + "]";
        return p.hint().isEmpty() ? head : head + "\n" + indent + "    hint: " + Printable.escape(p.hint());
    }

    /** One Markdown table row: severity, where, code, what and what to do. */
    static String markdownRow(Problem p) {
        String icon = p.severity() == Severity.ERROR ? ":x: error" : ":warning: warning";
        return "| " + icon + " | `" + cell(p.location().toString()) + "` | `" + cell(p.code()) + "` | " + cell(p.message())
                + (p.hint().isEmpty() ? "" : "<br>_" + cell(p.hint()) + "_") + " |\n";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("`", "'");
    }
}
