package io.shardops.spec.load;

import io.shardops.spec.files.SpecRoot;
import io.shardops.spec.yaml.YamlNode;
import java.nio.file.Path;

/**
 * One YAML file of a spec, read and schema-checked.
 *
 * @param path        where it is on disk (schema {@code file:} entries resolve against its folder)
 * @param displayName how messages name it
 * @param text        its text, for positions inside inline SQL
 * @param root        its top-level mapping
 * @param kind        {@code Cluster} or {@code Keyspace}
 * @param specRoot    the folder every path it names must stay inside
 */
record SpecDocument(Path path, String displayName, String text, YamlNode.Mapping root, String kind, SpecRoot specRoot) {
    static final String CLUSTER = "Cluster";
    static final String KEYSPACE = "Keyspace";
}
