package io.shardops.spec.yaml;

import io.shardops.spec.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * A YAML document as a tree that remembers where each node was written. Aliases are resolved
 * (an aliased node appears once per alias, shared), tags and anchors are gone.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {
    SourceLocation location();

    /** A mapping in document order; keys are scalars, unique. */
    record Mapping(List<Entry> entries, SourceLocation location) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        public Optional<YamlNode> get(String key) {
            return entry(key).map(Entry::value);
        }

        public Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().value().equals(key)).findFirst();
        }
    }

    /** One key and its value; the key keeps its own location for "unknown field" messages. */
    record Entry(Scalar key, YamlNode value) {}

    record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /**
     * A scalar with the type YAML 1.2's core schema resolves it to; {@code value} is the text as written
     * (after unquoting), so {@code "0"} is a STRING and {@code 0} an INT.
     */
    record Scalar(String value, Type type, SourceLocation location) implements YamlNode {
        public enum Type { STRING, INT, FLOAT, BOOL, NULL }
    }
}
