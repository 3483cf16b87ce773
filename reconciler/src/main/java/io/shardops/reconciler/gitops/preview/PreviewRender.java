package io.shardops.reconciler.gitops.preview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardops.planner.render.PlanJson;
import io.shardops.planner.render.PlanMarkdown;
import io.shardops.planner.render.PlanText;
import io.shardops.reconciler.gitops.watch.CommitInfo;
import java.util.List;

/** A {@link Preview} as a pull-request comment (Markdown), for a terminal (text), or as JSON. */
public final class PreviewRender {
    /** The first line of every preview comment; CI finds its earlier comment by it and updates it. */
    public static final String MARKER = "<!-- shardops-preview -->";
    /** GitHub refuses comments over 65,536 characters; the plan gets what the header leaves. */
    private static final int COMMENT_LIMIT = 60_000;
    private static final int ERRORS_SHOWN = 50;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PreviewRender() {}

    public static String markdown(Preview p) {
        StringBuilder b = new StringBuilder();
        b.append(MARKER).append('\n');
        b.append("## shardops preview of `").append(p.specPath().isEmpty() ? "." : p.specPath()).append("`\n\n");
        b.append("From base ").append(commit(p.base())).append(" to head ").append(commit(p.head())).append(".\n\n");
        if (!p.baseNote().isEmpty()) {
            b.append("> [!NOTE]\n> ").append(p.baseNote()).append("\n\n");
        }
        if (!p.headErrors().isEmpty()) {
            errors(b, ":x: **The spec at head is invalid** (" + count(p.headErrors().size(), "error")
                    + "); nothing can be planned or applied until it is fixed.", p.headErrors());
        } else if (!p.planErrors().isEmpty()) {
            errors(b, ":x: **The planner refuses this change** (" + count(p.planErrors().size(), "reason")
                    + "); it would not be applied.", p.planErrors());
        } else {
            b.append(PlanMarkdown.render(p.plan().orElseThrow(), COMMENT_LIMIT - b.length()));
        }
        return b.toString();
    }

    public static String text(Preview p) {
        StringBuilder b = new StringBuilder();
        b.append("Preview of ").append(p.specPath().isEmpty() ? "." : p.specPath())
                .append(" from base ").append(p.base()).append(" to head ").append(p.head()).append("\n");
        if (!p.baseNote().isEmpty()) {
            b.append(p.baseNote()).append('\n');
        }
        b.append('\n');
        if (!p.headErrors().isEmpty()) {
            p.headErrors().forEach(e -> b.append(e).append('\n'));
            b.append(count(p.headErrors().size(), "error")).append(" in the spec at head; nothing was planned\n");
        } else if (!p.planErrors().isEmpty()) {
            p.planErrors().forEach(e -> b.append(e).append('\n'));
            b.append("the planner refuses this change\n");
        } else {
            b.append(PlanText.render(p.plan().orElseThrow(), false));
        }
        return b.toString();
    }

    public static String json(Preview p) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("path", p.specPath().isEmpty() ? "." : p.specPath());
        root.set("base", commitJson(p.base()));
        root.set("head", commitJson(p.head()));
        root.put("baseNote", p.baseNote());
        root.put("valid", p.headErrors().isEmpty());
        ArrayNode headErrors = root.putArray("errors");
        p.headErrors().forEach(headErrors::add);
        ArrayNode planErrors = root.putArray("planErrors");
        p.planErrors().forEach(planErrors::add);
        if (p.plan().isPresent()) {
            root.set("plan", PlanJson.tree(p.plan().get()));
        } else {
            root.putNull("plan");
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a preview tree always serializes", e);
        }
    }

    private static void errors(StringBuilder b, String headline, List<String> errors) {
        b.append(headline).append("\n\n");
        for (String e : errors.subList(0, Math.min(ERRORS_SHOWN, errors.size()))) {
            // FILE:LINE:COL: error: MESSAGE, then an indented "hint:" line
            String[] lines = e.split("\n");
            String first = lines[0];
            int at = first.indexOf(": error: ");
            if (at > 0) {
                b.append("- `").append(first, 0, at).append("`: ").append(escape(first.substring(at + ": error: ".length())));
            } else {
                b.append("- ").append(escape(first));
            }
            for (int i = 1; i < lines.length; i++) {
                b.append("<br>_").append(escape(lines[i].strip())).append('_');
            }
            b.append('\n');
        }
        if (errors.size() > ERRORS_SHOWN) {
            b.append("- … and ").append(errors.size() - ERRORS_SHOWN).append(" more; run `shardops validate` on the head to see all.\n");
        }
    }

    private static String commit(CommitInfo c) {
        return "`" + c.shortId() + "` (" + escape(c.subject()) + ")";
    }

    private static ObjectNode commitJson(CommitInfo c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("subject", c.subject());
        n.put("author", c.author());
        n.put("time", c.time().toString());
        return n;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String escape(String s) {
        return s.replace("<", "&lt;").replace(">", "&gt;");
    }
}
