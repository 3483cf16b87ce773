package io.shardops.spec.load;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Checks a document against {@code schemas/cluster.schema.json} or {@code schemas/keyspace.schema.json}
 * (copied onto the classpath at build time) and turns each schema error into a {@link Problem}
 * at the YAML position of the offending key or value, with the schema's description as the hint.
 */
final class JsonSchemaCheck {
    static final String CLUSTER = "cluster.schema.json";
    static final String KEYSPACE = "keyspace.schema.json";
    static final int MAX_PROBLEMS_PER_FILE = 50;

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode CLUSTER_JSON = readSchema(CLUSTER);
    private static final JsonNode KEYSPACE_JSON = readSchema(KEYSPACE);
    private static final Schema CLUSTER_SCHEMA = REGISTRY.getSchema(SchemaLocation.of("classpath:schemas/" + CLUSTER));
    private static final Schema KEYSPACE_SCHEMA = REGISTRY.getSchema(SchemaLocation.of("classpath:schemas/" + KEYSPACE));

    private JsonSchemaCheck() {}

    private static JsonNode readSchema(String name) {
        try (InputStream in = JsonSchemaCheck.class.getResourceAsStream("/schemas/" + name)) {
            if (in == null) {
                throw new IllegalStateException("schema " + name + " missing from the classpath; rebuild the spec module");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Problem> check(JsonTree tree, boolean keyspaceDocument) {
        Schema schema = keyspaceDocument ? KEYSPACE_SCHEMA : CLUSTER_SCHEMA;
        List<Error> errors = schema.validate(tree.root);
        Set<Problem> problems = new LinkedHashSet<>();
        for (Error e : errors) {
            problems.add(toProblem(e, tree));
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((Problem p) -> p.location().line()).thenComparingInt(p -> p.location().column()));
        if (sorted.size() > MAX_PROBLEMS_PER_FILE) {
            // a file this wrong is probably not a spec at all; the first ones say enough
            Problem last = sorted.get(MAX_PROBLEMS_PER_FILE - 1);
            int more = sorted.size() - MAX_PROBLEMS_PER_FILE;
            sorted = new ArrayList<>(sorted.subList(0, MAX_PROBLEMS_PER_FILE));
            sorted.add(Problem.at(last.location(), "schema.too-many-problems", more + " more schema problems in this file are not shown",
                    "fix the ones above first; is this file a shardops spec?"));
        }
        return sorted;
    }

    private static Problem toProblem(Error e, JsonTree tree) {
        String pointer = pointer(e.getInstanceLocation());
        String where = dotted(e.getInstanceLocation());
        JsonNode schemaHere = schemaNode(e.getSchemaLocation());
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        JsonNode instance = e.getInstanceNode();
        String property = e.getProperty();
        return switch (keyword) {
            case "additionalProperties" -> {
                String allowed = fieldNames(schemaHere);
                yield Problem.at(tree.keyAt(JsonTree.child(pointer, property)), "schema.unknown-field",
                        "unknown field '" + property + "'" + (where.isEmpty() ? " at the top level" : " in " + where),
                        allowed.isEmpty() ? "remove it" : "fields allowed here: " + allowed);
            }
            case "required" -> Problem.at(tree.valueAt(pointer), "schema.missing-field",
                    "missing required field '" + property + "'" + (where.isEmpty() ? " at the top level" : " in " + where),
                    description(schemaHere, property));
            case "type" -> Problem.at(tree.valueAt(pointer), "schema.wrong-type",
                    label(where) + " must be " + article(expectedType(schemaHere)) + ", not " + article(typeOf(instance)) + shown(instance),
                    description(schemaHere, null));
            case "const" -> Problem.at(tree.valueAt(pointer), "schema.wrong-value",
                    label(where) + " must be " + schemaHere.path("const").asString() + shown(instance),
                    description(schemaHere, null));
            case "enum" -> Problem.at(tree.valueAt(pointer), "schema.wrong-value",
                    label(where) + " must be one of " + enumValues(schemaHere) + shown(instance),
                    description(schemaHere, null));
            case "pattern" -> Problem.at(tree.valueAt(pointer), "schema.bad-name",
                    label(where) + shown(instance) + " is not a valid name",
                    description(schemaHere, null));
            case "minProperties", "maxProperties" -> Problem.at(tree.valueAt(pointer), "schema.wrong-shape",
                    label(where) + " must have exactly one field of " + fieldNames(schemaHere).replace(", ", " or "),
                    description(schemaHere, null));
            default -> Problem.at(tree.valueAt(pointer), "schema." + (keyword.isEmpty() ? "invalid" : keyword),
                    label(where) + " " + stripPath(e.getMessage()),
                    description(schemaHere, null));
        };
    }

    private static String label(String where) {
        return where.isEmpty() ? "the document" : where;
    }

    private static String shown(JsonNode instance) {
        if (instance == null || instance.isContainer()) {
            return "";
        }
        String s = instance.isString() ? instance.asString() : instance.toString();
        if (s.length() > 40) {
            s = s.substring(0, 37) + "...";
        }
        return " (found '" + s + "')";
    }

    private static String stripPath(String message) {
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith("$") || colon >= 0 && message.startsWith("/") ? message.substring(colon + 2) : message;
    }

    /** The schema object that holds the failing keyword, found from the error's schema location. */
    private static JsonNode schemaNode(SchemaLocation loc) {
        if (loc == null) {
            return JSON.createObjectNode();
        }
        String iri = loc.getAbsoluteIri() == null ? "" : loc.getAbsoluteIri().toString();
        JsonNode node = iri.endsWith(KEYSPACE) ? KEYSPACE_JSON : CLUSTER_JSON;
        NodePath fragment = loc.getFragment();
        int n = fragment.getNameCount();
        // the last element names the keyword itself; its parent is the schema object
        for (int i = 0; i < n - 1; i++) {
            Object el = fragment.getElement(i);
            node = el instanceof Integer idx ? node.path(idx) : node.path(String.valueOf(el));
        }
        return node;
    }

    private static String fieldNames(JsonNode schema) {
        List<String> names = new ArrayList<>(schema.path("properties").propertyNames());
        return String.join(", ", names);
    }

    private static String description(JsonNode schema, String property) {
        JsonNode d = property == null ? schema.path("description") : schema.path("properties").path(property).path("description");
        if (d.isMissingNode() && property != null) {
            JsonNode ref = schema.path("properties").path(property).path("$ref");
            if (ref.isString() && ref.asString().startsWith("#/$defs/")) {
                d = CLUSTER_JSON.path("$defs").path(ref.asString().substring(8)).path("description");
            }
        }
        return d.isString() ? d.asString() : "";
    }

    private static String enumValues(JsonNode schema) {
        List<String> values = new ArrayList<>();
        schema.path("enum").forEach(v -> values.add(v.isString() ? v.asString() : v.toString()));
        return String.join(", ", values);
    }

    private static String expectedType(JsonNode schema) {
        JsonNode t = schema.path("type");
        return t.isString() ? t.asString() : t.toString();
    }

    private static String typeOf(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        } else if (n.isObject()) {
            return "object";
        } else if (n.isArray()) {
            return "array";
        } else if (n.isBoolean()) {
            return "boolean";
        } else if (n.isIntegralNumber()) {
            return "integer";
        } else if (n.isNumber()) {
            return "number";
        }
        return "string";
    }

    private static String article(String type) {
        return switch (type) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "an integer";
            case "null" -> "empty";
            default -> "a " + type;
        };
    }

    private static String pointer(NodePath path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            b.append(el instanceof Integer ? "/" + el : JsonTree.child("", String.valueOf(el)));
        }
        return b.toString();
    }

    /** {@code spec.keyspaces[0].name}: how a user finds the field in the YAML. */
    static String dotted(NodePath path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            if (el instanceof Integer idx) {
                b.append('[').append(idx).append(']');
            } else {
                b.append(b.length() == 0 ? "" : ".").append(el);
            }
        }
        return b.toString();
    }
}
