package io.shardops.spec.load;

import io.shardops.spec.SourceLocation;
import io.shardops.spec.yaml.YamlNode;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A YAML tree as the JSON the schema validator reads, plus where each JSON node came from:
 * {@link #valueAt} for a node, {@link #keyAt} for the key that names a mapping entry.
 * Paths are JSON pointers ({@code /spec/keyspaces/0/name}).
 */
final class JsonTree {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final Map<String, SourceLocation> values = new HashMap<>();
    private final Map<String, SourceLocation> keys = new HashMap<>();
    final JsonNode root;

    JsonTree(YamlNode yaml) {
        root = convert(yaml, "");
    }

    SourceLocation valueAt(String pointer) {
        String p = pointer;
        while (true) {
            SourceLocation loc = values.get(p);
            if (loc != null || p.isEmpty()) {
                return loc == null ? SourceLocation.UNKNOWN : loc;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    SourceLocation keyAt(String pointer) {
        SourceLocation loc = keys.get(pointer);
        return loc != null ? loc : valueAt(pointer);
    }

    static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    private JsonNode convert(YamlNode node, String pointer) {
        values.put(pointer, node.location());
        return switch (node) {
            case YamlNode.Mapping m -> {
                ObjectNode o = F.objectNode();
                for (YamlNode.Entry e : m.entries()) {
                    String p = child(pointer, e.key().value());
                    keys.put(p, e.key().location());
                    o.set(e.key().value(), convert(e.value(), p));
                }
                yield o;
            }
            case YamlNode.Sequence s -> {
                ArrayNode a = F.arrayNode();
                for (int i = 0; i < s.items().size(); i++) {
                    a.add(convert(s.items().get(i), pointer + "/" + i));
                }
                yield a;
            }
            case YamlNode.Scalar s -> scalar(s);
        };
    }

    private static JsonNode scalar(YamlNode.Scalar s) {
        String v = s.value();
        return switch (s.type()) {
            case STRING -> F.stringNode(v);
            case BOOL -> F.booleanNode(v.equalsIgnoreCase("true"));
            case NULL -> F.nullNode();
            case INT -> integer(v);
            case FLOAT -> floating(v);
        };
    }

    private static JsonNode integer(String v) {
        String t = v.replace("_", "");
        try {
            BigInteger b;
            if (t.startsWith("0x")) {
                b = new BigInteger(t.substring(2), 16);
            } else if (t.startsWith("0o")) {
                b = new BigInteger(t.substring(2), 8);
            } else {
                b = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
            }
            return b.bitLength() < 63 ? F.numberNode(b.longValue()) : F.numberNode(b);
        } catch (NumberFormatException e) {
            return F.stringNode(v);
        }
    }

    private static JsonNode floating(String v) {
        try {
            double d = Double.parseDouble(v.replace("_", ""));
            return Double.isFinite(d) ? F.numberNode(d) : F.stringNode(v);
        } catch (NumberFormatException e) {
            return F.stringNode(v);
        }
    }
}
