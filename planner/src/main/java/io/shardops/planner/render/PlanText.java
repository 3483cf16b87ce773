package io.shardops.planner.render;

import io.shardops.planner.plan.Change;
import io.shardops.planner.plan.ChangeAction;
import io.shardops.planner.plan.FieldChange;
import io.shardops.planner.plan.Plan;
import io.shardops.planner.plan.Step;
import io.shardops.spec.text.Printable;

/** The plan for a terminal, like terraform's: a legend, the objects with changed fields, the numbered steps, the count line. */
public final class PlanText {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";
    private static final String CYAN = "\u001b[36m";

    private final boolean color;

    private PlanText(boolean color) {
        this.color = color;
    }

    /** @param color ANSI colours; the caller decides (a terminal, and no {@code --no-color}) */
    public static String render(Plan plan, boolean color) {
        return new PlanText(color).render(plan);
    }

    private String render(Plan plan) {
        StringBuilder b = new StringBuilder();
        if (!plan.hasChanges()) {
            b.append(paint(BOLD + GREEN, "No changes.")).append(" The cluster already matches ").append(t(Describe.to(plan))).append(".\n");
            findings(b, plan, "\n");
            return b.toString();
        }
        b.append("shardops plans the changes from ").append(t(Describe.from(plan.from()))).append(" to ").append(t(Describe.to(plan))).append(".\n\n");
        findings(b, plan, "");
        if (!plan.findings().isEmpty()) {
            b.append('\n');
        }
        b.append("Objects are marked with these symbols:\n");
        b.append("  ").append(paint(GREEN, "+")).append(" create\n");
        b.append("  ").append(paint(YELLOW, "~")).append(" update in place\n");
        b.append("  ").append(paint(RED, "-")).append(" destroy\n");
        b.append(paint(CYAN, "-/+")).append(" destroy and then create a replacement\n");
        b.append("Steps marked ").append(paint(RED, "destroy")).append(" lose data or topology objects; steps that need approval stop `apply` until approved.\n\n");

        if (!plan.changes().isEmpty()) {
            b.append(paint(BOLD, "Objects:")).append('\n');
            for (Change c : plan.changes()) {
                object(b, c);
            }
            b.append('\n');
        }
        if (!plan.steps().isEmpty()) {
            b.append(paint(BOLD, "Steps, in order:")).append('\n');
            int width = String.valueOf(plan.steps().size()).length();
            for (Step s : plan.steps()) {
                step(b, s, width);
            }
            b.append('\n');
        }
        b.append(paint(BOLD, t(plan.summary().line()))).append('\n');
        return b.toString();
    }

    /** The change review's findings, first: what a reviewer must read before the steps. */
    private void findings(StringBuilder b, Plan plan, String before) {
        if (plan.findings().isEmpty()) {
            return;
        }
        b.append(before).append(paint(BOLD + (plan.blockingFindings().isEmpty() ? YELLOW : RED), Findings.headline(plan))).append('\n');
        plan.findings().forEach(p -> b.append(Findings.text(p, "  ")).append('\n'));
    }

    private void object(StringBuilder b, Change c) {
        String sym = symbol(c.action());
        b.append(pad(c.action())).append(paint(colorOf(c.action()), sym)).append(' ').append(paint(BOLD, t(c.address())));
        if (!c.reason().isEmpty()) {
            b.append("  (").append(t(c.reason())).append(')');
        }
        b.append('\n');
        for (FieldChange f : c.fields()) {
            b.append("      ");
            if (f.before() == null) {
                b.append(paint(GREEN, "+")).append(' ').append(t(f.field())).append(": ").append(t(f.after()));
            } else if (f.after() == null) {
                b.append(paint(RED, "-")).append(' ').append(t(f.field())).append(": ").append(t(f.before()));
            } else {
                b.append(paint(YELLOW, "~")).append(' ').append(t(f.field())).append(": ").append(t(f.before())).append(" -> ").append(t(f.after()));
            }
            b.append('\n');
        }
    }

    private void step(StringBuilder b, Step s, int width) {
        String n = String.valueOf(s.index());
        b.append("  ").append(" ".repeat(width - n.length())).append(n).append(". ").append(paint(BOLD, t(Describe.head(s))));
        String flags = Describe.flags(s);
        if (!flags.isEmpty()) {
            b.append("  ").append(paint(s.destructive() ? RED : YELLOW, "[" + flags + "]"));
        }
        b.append('\n');
        String indent = "  " + " ".repeat(width) + "  ";
        b.append(indent).append(t(s.description())).append('\n');
        SchemaChangeNotes.of(s).ifPresent(note -> b.append(indent).append(t(note)).append('\n'));
        if (!s.dependsOn().isEmpty()) {
            b.append(indent).append("after ").append(Describe.dependsOnShort(s.dependsOn())).append('\n');
        }
    }

    private static String symbol(ChangeAction a) {
        return a.symbol();
    }

    private static String pad(ChangeAction a) {
        return a == ChangeAction.REPLACE ? "" : "  ";
    }

    private static String colorOf(ChangeAction a) {
        switch (a) {
            case CREATE:
                return GREEN;
            case UPDATE:
                return YELLOW;
            case DELETE:
                return RED;
            case REPLACE:
            default:
                return CYAN;
        }
    }

    /**
     * Text from the plan (names and values from a spec, a commit, the live cluster) with its control
     * characters escaped: only this renderer's own colour codes reach the terminal raw.
     */
    private static String t(String text) {
        return Printable.escape(text);
    }

    private String paint(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
