package io.shardops.spec.yaml;

import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.text.Printable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads one YAML file into a {@link YamlNode} tree with positions, or problems.
 *
 * <p>It builds the tree from snakeyaml-engine's parser events itself, with an explicit stack,
 * rather than through snakeyaml's recursive composer: that is what bounds nesting depth (no stack
 * overflow on 10,000 open brackets), counts alias expansions (no billion laughs), and reports
 * every duplicate key with both positions.
 */
public final class YamlReader {
    private static final ScalarResolver CORE = new CoreSchema().getScalarResolver();
    private static final String CORE_TAG_PREFIX = "tag:yaml.org,2002:";

    private final YamlLimits limits;

    public YamlReader(YamlLimits limits) {
        this.limits = limits;
    }

    public YamlReader() {
        this(YamlLimits.DEFAULT);
    }

    /** The result of reading one file: the document (absent when unusable) and the problems found. */
    public record Result(Optional<YamlNode> document, String text, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Decodes the bytes of a file already read (within the size bound) through
     * {@link io.shardops.spec.files.SpecRoot}: its text, or a problem when it is binary or not UTF-8.
     * Also used for SQL files.
     */
    public static Text decode(byte[] bytes, String displayName) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return Text.problem(Problem.at(locate(displayName, bytes, i), "file.binary",
                        "file is binary (it contains a NUL byte), not YAML or SQL text", "specs are UTF-8 text files"));
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String s = decoder.decode(ByteBuffer.wrap(bytes)).toString();
            return new Text(s.startsWith("\uFEFF") ? s.substring(1) : s, null);
        } catch (CharacterCodingException e) {
            int bad = firstInvalidUtf8(bytes);
            return Text.problem(Problem.at(locate(displayName, bytes, bad), "file.encoding",
                    "file is not valid UTF-8 text (bad byte 0x" + String.format("%02x", bytes[bad] & 0xff) + ")",
                    "save the file as UTF-8"));
        }
    }

    /** A file's text, or why it could not be read. */
    public record Text(String value, Problem problem) {
        public static Text problem(Problem p) {
            return new Text(null, p);
        }
    }

    /** Parses YAML text (one document) into a tree. */
    public Result parse(String displayName, String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(displayName)
                .setUseMarks(true)
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes()))
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(50)
                .build();
        Builder builder = new Builder(displayName);
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                if (!builder.accept(event)) {
                    break;
                }
            }
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            builder.problems.add(Problem.at(at(displayName, mark), "yaml.syntax",
                    "YAML is not well-formed: " + bounded(oneLine(e.getProblem() == null ? e.getContext() : e.getProblem())),
                    "check the indentation and quoting at this position"));
            builder.failed = true;
        } catch (ReaderException e) {
            builder.problems.add(Problem.at(locate(displayName, text, e.getPosition()), "yaml.character",
                    "YAML does not allow this character (code point " + e.getCodePoint() + ")",
                    "remove control characters; specs are printable UTF-8 text"));
            builder.failed = true;
        } catch (YamlEngineException e) {
            builder.problems.add(Problem.at(new SourceLocation(displayName, 1, 1), "yaml.syntax",
                    "YAML cannot be read: " + Printable.excerpt(oneLine(e.getMessage())), ""));
            builder.failed = true;
        }
        if (!builder.failed && builder.root == null && builder.problems.isEmpty()) {
            builder.problems.add(Problem.at(new SourceLocation(displayName, 1, 1), "file.empty",
                    "file has no YAML content", "write a spec (apiVersion, kind, ...) or remove the file"));
        }
        Optional<YamlNode> doc = builder.failed ? Optional.empty() : Optional.ofNullable(builder.root);
        return new Result(doc, text, builder.problems);
    }

    /** The parser's own sentence, cut short in case it ever carries a long piece of the input. */
    private static String bounded(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    static SourceLocation at(String file, Mark mark) {
        return mark == null ? new SourceLocation(file, 1, 1) : new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static SourceLocation locate(String file, byte[] bytes, int index) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < index && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
                col = 1;
            } else if ((bytes[i] & 0xc0) != 0x80) {
                col++;
            }
        }
        return new SourceLocation(file, line, col);
    }

    private static SourceLocation locate(String file, String text, int codePointIndex) {
        int line = 1;
        int col = 1;
        int cps = 0;
        for (int i = 0; i < text.length() && cps < codePointIndex; i += Character.charCount(text.codePointAt(i)), cps++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new SourceLocation(file, line, col);
    }

    private static int firstInvalidUtf8(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
            if (n < 0) {
                return i;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= b.length || (b[i + k] & 0xc0) != 0x80) {
                    return i;
                }
            }
            i += n + 1;
        }
        return Math.max(0, b.length - 1);
    }

    /** Turns the event stream into a tree, enforcing the limits as it goes. */
    private final class Builder {
        private final String file;
        final List<Problem> problems = new ArrayList<>();
        private final Deque<Frame> stack = new ArrayDeque<>();
        private final Map<String, Built> anchors = new HashMap<>();
        private final Set<String> openAnchors = new HashSet<>();
        YamlNode root;
        boolean failed;
        private int documents;
        private long nodes;

        Builder(String file) {
            this.file = file;
        }

        /** Returns false to stop reading. */
        boolean accept(Event event) {
            switch (event.getEventId()) {
                case DocumentStart -> {
                    documents++;
                    if (documents > 1) {
                        return fail(at(file, event.getStartMark().orElse(null)), "yaml.multiple-documents",
                                "file holds more than one YAML document", "put each document (Cluster or Keyspace) in a file of its own");
                    }
                }
                case Scalar -> {
                    ScalarEvent s = (ScalarEvent) event;
                    Optional<YamlNode.Scalar.Type> type = scalarType(s);
                    SourceLocation loc = at(file, s.getStartMark().orElse(null));
                    if (type.isEmpty()) {
                        return fail(loc, "yaml.tag", "YAML tag " + s.getTag().orElse("") + " is not supported", "remove the tag; specs use plain YAML values");
                    }
                    return count(1, loc) && complete(new YamlNode.Scalar(s.getValue(), type.get(), loc), 1, anchorOf(s));
                }
                case Alias -> {
                    String name = ((AliasEvent) event).getAlias().getValue();
                    SourceLocation loc = at(file, event.getStartMark().orElse(null));
                    Built b = anchors.get(name);
                    if (b == null) {
                        return openAnchors.contains(name)
                                ? fail(loc, "yaml.recursive-alias", "alias *" + name + " refers to a node that contains it", "YAML specs cannot be recursive")
                                : fail(loc, "yaml.unknown-alias", "alias *" + name + " names no anchor defined before it", "define &" + name + " before using *" + name);
                    }
                    // an alias repeats its node: it costs the node's whole size again
                    return count(b.weight, loc) && complete(b.node, b.weight, null);
                }
                case SequenceStart, MappingStart -> {
                    CollectionStartEvent c = (CollectionStartEvent) event;
                    SourceLocation loc = at(file, c.getStartMark().orElse(null));
                    if (c.getTag().isPresent() && !c.getTag().get().startsWith(CORE_TAG_PREFIX)) {
                        return fail(loc, "yaml.tag", "YAML tag " + c.getTag().get() + " is not supported", "remove the tag; specs use plain YAML values");
                    }
                    if (stack.size() >= limits.maxDepth()) {
                        return fail(loc, "yaml.too-deep", "YAML nests deeper than " + limits.maxDepth() + " levels",
                                "a spec needs a handful of levels; check for runaway brackets or indentation");
                    }
                    Frame f = new Frame(event.getEventId() == Event.ID.MappingStart, loc, c.getAnchor().map(a -> a.getValue()).orElse(null));
                    if (f.anchor != null) {
                        openAnchors.add(f.anchor);
                    }
                    stack.push(f);
                    return count(1, loc);
                }
                case SequenceEnd, MappingEnd -> {
                    Frame f = stack.pop();
                    if (f.anchor != null) {
                        openAnchors.remove(f.anchor);
                    }
                    YamlNode node = f.mapping
                            ? new YamlNode.Mapping(f.entries, f.location)
                            : new YamlNode.Sequence(f.items, f.location);
                    return complete(node, f.weight + 1, f.anchor);
                }
                default -> {
                    // stream and document boundaries, comments: nothing to build
                }
            }
            return true;
        }

        private String anchorOf(NodeEvent ev) {
            return ev.getAnchor().map(a -> a.getValue()).orElse(null);
        }

        private boolean complete(YamlNode node, long weight, String anchor) {
            if (anchor != null) {
                anchors.put(anchor, new Built(node, weight));
            }
            if (stack.isEmpty()) {
                root = node instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.NULL ? null : node;
                return true;
            }
            Frame parent = stack.peek();
            parent.weight += weight;
            if (!parent.mapping) {
                parent.items.add(node);
            } else if (parent.pendingKey == null) {
                if (!(node instanceof YamlNode.Scalar key)) {
                    return fail(node.location(), "yaml.complex-key", "a mapping key must be a plain value, not a list or mapping", "write keys as words, like name:");
                }
                SourceLocation first = parent.keys.putIfAbsent(key.value(), key.location());
                if (first != null) {
                    problems.add(Problem.at(key.location(), "yaml.duplicate-key",
                            "duplicate key '" + Printable.excerpt(key.value()) + "' (first at line " + first.line() + ", column " + first.column() + ")",
                            "each key may appear once in a mapping; remove or merge one of them"));
                    parent.skipValue = true;
                }
                parent.pendingKey = key;
            } else {
                if (!parent.skipValue) {
                    parent.entries.add(new YamlNode.Entry(parent.pendingKey, node));
                }
                parent.pendingKey = null;
                parent.skipValue = false;
            }
            return true;
        }

        private boolean count(long weight, SourceLocation loc) {
            nodes += weight;
            if (nodes > limits.maxNodes()) {
                return fail(loc, "yaml.too-large", "YAML expands to more than " + limits.maxNodes() + " nodes (aliases count once per use)",
                        "avoid aliases that repeat large parts; a spec needs a few hundred nodes");
            }
            return true;
        }

        private boolean fail(SourceLocation loc, String code, String message, String hint) {
            problems.add(Problem.at(loc, code, message, hint));
            failed = true;
            return false;
        }

        private Optional<YamlNode.Scalar.Type> scalarType(ScalarEvent s) {
            String tag = s.getTag().orElse(null);
            if (tag != null && !tag.equals("!")) {
                if (!tag.startsWith(CORE_TAG_PREFIX)) {
                    return Optional.empty();
                }
                return typeOf(new Tag(tag));
            }
            if (!s.isPlain()) {
                return Optional.of(YamlNode.Scalar.Type.STRING);
            }
            return typeOf(CORE.resolve(s.getValue(), true));
        }

        private Optional<YamlNode.Scalar.Type> typeOf(Tag tag) {
            if (tag.equals(Tag.INT)) {
                return Optional.of(YamlNode.Scalar.Type.INT);
            } else if (tag.equals(Tag.FLOAT)) {
                return Optional.of(YamlNode.Scalar.Type.FLOAT);
            } else if (tag.equals(Tag.BOOL)) {
                return Optional.of(YamlNode.Scalar.Type.BOOL);
            } else if (tag.equals(Tag.NULL)) {
                return Optional.of(YamlNode.Scalar.Type.NULL);
            } else if (tag.equals(Tag.STR)) {
                return Optional.of(YamlNode.Scalar.Type.STRING);
            }
            return Optional.empty();
        }
    }

    private record Built(YamlNode node, long weight) {}

    private static final class Frame {
        final boolean mapping;
        final SourceLocation location;
        final String anchor;
        final List<YamlNode> items = new ArrayList<>();
        final List<YamlNode.Entry> entries = new ArrayList<>();
        final Map<String, SourceLocation> keys = new HashMap<>();
        YamlNode.Scalar pendingKey;
        boolean skipValue;
        long weight;

        Frame(boolean mapping, SourceLocation location, String anchor) {
            this.mapping = mapping;
            this.location = location;
            this.anchor = anchor;
        }
    }
}
