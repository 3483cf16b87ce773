package io.shardops.spec.load;

import io.shardops.spec.files.SpecRoot;
import io.shardops.spec.yaml.YamlNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One YAML file of a spec, read and schema-checked.
 *
 * @param path        where it is on disk (schema {@code file:} entries resolve against its folder)
 * @param displayName how messages name it
 * @param text        its text, for positions inside inline SQL
 * @param root        its top-level mapping
 * @param kind        a cluster or a keyspace in a file of its own
 * @param specRoot    the folder every path it names must stay inside
 */
record SpecDocument(Path path, String displayName, String text, YamlNode.Mapping root, Kind kind, SpecRoot specRoot) {
    /** The file's {@code kind:}, as a user writes it. */
    enum Kind {
        CLUSTER("Cluster"),
        KEYSPACE("Keyspace");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The kind {@code value} names exactly, if any. */
        static Optional<Kind> of(String value) {
            for (Kind k : values()) {
                if (k.word.equals(value)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }
}
