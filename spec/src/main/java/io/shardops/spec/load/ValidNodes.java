package io.shardops.spec.load;

import io.shardops.spec.SourceLocation;
import io.shardops.spec.yaml.YamlNode;
import java.util.List;
import java.util.Optional;

/**
 * Small readers over nodes the JSON Schema already checked: a node of the wrong shape reads as absent (its
 * problem was reported by the schema check), so the model builders never throw on one.
 */
final class ValidNodes {
    private ValidNodes() {}

    static YamlNode.Mapping map(YamlNode.Mapping m, String key) {
        return optMap(m, key).orElse(new YamlNode.Mapping(List.of(), m.location()));
    }

    static Optional<YamlNode.Mapping> optMap(YamlNode.Mapping m, String key) {
        return m.get(key).filter(YamlNode.Mapping.class::isInstance).map(YamlNode.Mapping.class::cast);
    }

    static List<YamlNode> seq(YamlNode.Mapping m, String key) {
        return m.get(key).filter(YamlNode.Sequence.class::isInstance).map(n -> ((YamlNode.Sequence) n).items()).orElse(List.of());
    }

    static String str(YamlNode.Mapping m, String key, String otherwise) {
        return m.get(key).filter(YamlNode.Scalar.class::isInstance).map(n -> ((YamlNode.Scalar) n).value()).orElse(otherwise);
    }

    static long integer(YamlNode.Mapping m, String key, long otherwise) {
        Optional<YamlNode> n = m.get(key);
        if (n.isEmpty() || !(n.get() instanceof YamlNode.Scalar s) || s.type() != YamlNode.Scalar.Type.INT) {
            return otherwise;
        }
        try {
            String t = s.value().replace("_", "");
            return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : t.startsWith("0o") ? Long.parseLong(t.substring(2), 8) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    static boolean bool(YamlNode.Mapping m, String key, boolean otherwise) {
        return m.get(key).filter(YamlNode.Scalar.class::isInstance).map(n -> ((YamlNode.Scalar) n).value().equalsIgnoreCase("true")).orElse(otherwise);
    }

    static SourceLocation loc(YamlNode.Mapping m, String key) {
        return m.get(key).map(YamlNode::location).orElse(m.location());
    }
}
