package io.shardops.spec.load;

import static io.shardops.spec.load.ValidNodes.bool;
import static io.shardops.spec.load.ValidNodes.integer;
import static io.shardops.spec.load.ValidNodes.loc;
import static io.shardops.spec.load.ValidNodes.map;
import static io.shardops.spec.load.ValidNodes.optMap;
import static io.shardops.spec.load.ValidNodes.seq;
import static io.shardops.spec.load.ValidNodes.str;

import io.shardops.spec.Cell;
import io.shardops.spec.Cluster;
import io.shardops.spec.Durability;
import io.shardops.spec.Keyspace;
import io.shardops.spec.LintCode;
import io.shardops.spec.LintPolicy;
import io.shardops.spec.Migration;
import io.shardops.spec.Policy;
import io.shardops.spec.Problem;
import io.shardops.spec.SchemaChanges;
import io.shardops.spec.Sequence;
import io.shardops.spec.Shard;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.TabletCounts;
import io.shardops.spec.TabletType;
import io.shardops.spec.backup.BackupPolicies;
import io.shardops.spec.backup.BackupPolicy;
import io.shardops.spec.files.SpecRoot;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.ddl.CreateTableParser;
import io.shardops.spec.schema.TableDef;
import io.shardops.spec.validate.SpecLocations;
import io.shardops.spec.vschema.VSchema;
import io.shardops.spec.yaml.YamlLimits;
import io.shardops.spec.yaml.YamlNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Builds the immutable model from schema-valid documents, applying defaults, reading schema SQL,
 * and recording where each part was written. Shapes the schema guarantees are not re-checked here.
 */
final class ModelBuilder {
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> incompleteSchemas = new LinkedHashSet<>();
    private final SpecLocations locations;
    private final YamlLimits limits;
    private final GatewayReader gateways = new GatewayReader(problems);
    private final BackupPolicyReader backupPolicies = new BackupPolicyReader(problems);
    private final Map<String, BackupPolicy> keyspaceBackups = new LinkedHashMap<>();

    ModelBuilder(SourceLocation specLocation, YamlLimits limits) {
        this.locations = new SpecLocations(specLocation);
        this.limits = limits;
    }

    List<Problem> problems() {
        return problems;
    }

    SpecLocations locations() {
        return locations;
    }

    /** Keyspaces whose schema SQL could not all be read or parsed: checks that need their tables skip them. */
    Set<String> incompleteSchemas() {
        return incompleteSchemas;
    }

    Cluster build(SpecDocument cluster, List<SpecDocument> keyspaceDocs) {
        YamlNode.Mapping root = cluster.root();
        YamlNode.Mapping metadata = map(root, "metadata");
        locations.put("cluster.name", loc(metadata, "name"));
        YamlNode.Mapping spec = map(root, "spec");

        List<Cell> cells = new ArrayList<>();
        List<YamlNode> cellNodes = seq(spec, "cells");
        for (int i = 0; i < cellNodes.size(); i++) {
            YamlNode.Mapping c = (YamlNode.Mapping) cellNodes.get(i);
            locations.put(SpecLocations.cell(i), loc(c, "name"));
            cells.add(new Cell(str(c, "name", ""), gateways.read(optMap(c, "gateway"), cluster)));
        }

        TabletCounts defaults = counts(optMap(spec, "tabletDefaults"), TabletCounts.DEFAULT);

        List<Keyspace> keyspaces = new ArrayList<>();
        for (YamlNode k : seq(spec, "keyspaces")) {
            keyspaces.add(keyspace((YamlNode.Mapping) k, cluster, keyspaces.size(), defaults));
        }
        for (SpecDocument d : keyspaceDocs) {
            keyspaces.add(keyspace(map(d.root(), "spec"), d, keyspaces.size(), defaults));
        }

        List<Migration> migrations = new ArrayList<>();
        List<YamlNode> migrationNodes = seq(spec, "migrations");
        for (int i = 0; i < migrationNodes.size(); i++) {
            migration((YamlNode.Mapping) migrationNodes.get(i), migrations).ifPresent(migrations::add);
        }

        Policy policy = Policy.NONE;
        Optional<YamlNode.Mapping> policyNode = optMap(spec, "policy");
        if (policyNode.isPresent()) {
            Set<String> gates = new LinkedHashSet<>();
            seq(policyNode.get(), "requireApproval").forEach(n -> gates.add(((YamlNode.Scalar) n).value()));
            policy = new Policy(gates, bool(policyNode.get(), "selfHeal", false), lintPolicy(policyNode.get()));
        }
        BackupPolicies backups = new BackupPolicies(
                backupPolicies.read(optMap(spec, "backup")).orElse(null), keyspaceBackups);
        backupPositions(optMap(spec, "backup"), "backup");
        return new Cluster(str(metadata, "name", ""), cells, defaults, keyspaces, migrations, policy, durability(spec), backups, locations.snapshot());
    }


    /** {@code durability:} of the cluster spec or a keyspace; the JSON Schema has checked the word. */
    private static Durability durability(YamlNode.Mapping node) {
        String word = str(node, "durability", "");
        return word.isEmpty() ? null : Durability.fromWord(word).orElse(null);
    }

    private static TabletCounts counts(Optional<YamlNode.Mapping> node, TabletCounts defaults) {
        if (node.isEmpty()) {
            return defaults;
        }
        return new TabletCounts((int) integer(node.get(), "replica", defaults.replica()), (int) integer(node.get(), "rdonly", defaults.rdonly()));
    }

    private Keyspace keyspace(YamlNode.Mapping k, SpecDocument doc, int index, TabletCounts defaults) {
        String name = str(k, "name", "");
        locations.put(SpecLocations.keyspace(index), loc(k, "name"));
        locations.put(SpecLocations.keyspace(index, "shards"), k.get("shards").map(YamlNode::location).orElse(loc(k, "name")));

        List<Shard> shards = new ArrayList<>();
        List<YamlNode> shardNodes = seq(k, "shards");
        for (int j = 0; j < shardNodes.size(); j++) {
            YamlNode.Mapping s = (YamlNode.Mapping) shardNodes.get(j);
            String shardName = str(s, "name", "");
            locations.put(SpecLocations.shard(index, j), loc(s, "name"));
            KeyRange range = KeyRange.parse(shardName).orElse(KeyRange.FULL);
            TabletCounts counts = counts(optMap(s, "tablets"), defaults);
            locations.put(SpecLocations.shard(index, j) + "/tablets", s.get("tablets").map(YamlNode::location).orElse(loc(s, "name")));
            shards.add(new Shard(shardName, range, counts));
        }

        List<TableDef> tables = new ArrayList<>();
        locations.put(SpecLocations.keyspace(index, "schema"), k.get("schema").map(YamlNode::location).orElse(loc(k, "name")));
        for (YamlNode source : seq(k, "schema")) {
            if (!readSchema((YamlNode.Mapping) source, doc, index, tables)) {
                incompleteSchemas.add(name);
            }
        }

        Map<String, Sequence> sequences = new LinkedHashMap<>();
        Optional<YamlNode.Mapping> seqs = optMap(k, "sequences");
        if (seqs.isPresent()) {
            locations.put(SpecLocations.keyspace(index, "sequences"), seqs.get().location());
            for (YamlNode.Entry e : seqs.get().entries()) {
                YamlNode.Mapping s = (YamlNode.Mapping) e.value();
                locations.put(SpecLocations.sequence(index, e.key().value()), e.key().location());
                sequences.put(e.key().value(), new Sequence(e.key().value(), integer(s, "start", 1), integer(s, "cache", 100)));
            }
        }

        backupPolicies.read(optMap(k, "backup")).ifPresent(b -> keyspaceBackups.put(name, b));
        backupPositions(optMap(k, "backup"), SpecLocations.keyspace(index, "backup"));

        VSchema vschema = VSchema.EMPTY;
        Optional<YamlNode.Mapping> v = optMap(k, "vschema");
        locations.put(SpecLocations.keyspace(index, "vschema"), v.map(YamlNode::location).orElse(loc(k, "name")));
        if (v.isPresent()) {
            vschema = vschema(v.get(), index);
        }
        return new Keyspace(name, shards, tables, sequences, vschema, loc(k, "name"), schemaChanges(k), durability(k));
    }

    /** {@code schemaChanges}; the JSON Schema has checked the strategy's word. */
    private static SchemaChanges schemaChanges(YamlNode.Mapping k) {
        Optional<YamlNode.Mapping> sc = optMap(k, "schemaChanges");
        if (sc.isEmpty()) {
            return SchemaChanges.DEFAULT;
        }
        SchemaChanges.Strategy strategy = SchemaChanges.Strategy.fromWord(str(sc.get(), "strategy", "online"))
                .orElse(SchemaChanges.Strategy.ONLINE);
        return new SchemaChanges(strategy, bool(sc.get(), "postponeCutover", false));
    }

    private VSchema vschema(YamlNode.Mapping v, int ks) {
        boolean sharded = v.get("sharded").map(n -> ((YamlNode.Scalar) n).value().equalsIgnoreCase("true")).orElse(false);
        locations.put(SpecLocations.keyspace(ks, "sharded"), v.get("sharded").map(YamlNode::location).orElse(v.location()));
        Map<String, VSchema.Vindex> vindexes = new LinkedHashMap<>();
        for (YamlNode.Entry e : optMap(v, "vindexes").map(YamlNode.Mapping::entries).orElse(List.of())) {
            YamlNode.Mapping vi = (YamlNode.Mapping) e.value();
            Map<String, String> params = new LinkedHashMap<>();
            optMap(vi, "params").ifPresent(p -> p.entries().forEach(pe -> params.put(pe.key().value(), ((YamlNode.Scalar) pe.value()).value())));
            locations.put(SpecLocations.vindex(ks, e.key().value()), e.key().location());
            vindexes.put(e.key().value(), new VSchema.Vindex(str(vi, "type", ""), params));
        }
        Map<String, VSchema.Table> tables = new LinkedHashMap<>();
        Optional<YamlNode.Mapping> tablesNode = optMap(v, "tables");
        locations.put(SpecLocations.keyspace(ks, "vtables"), tablesNode.map(YamlNode::location).orElse(v.location()));
        for (YamlNode.Entry e : tablesNode.map(YamlNode.Mapping::entries).orElse(List.of())) {
            String tname = e.key().value();
            YamlNode.Mapping t = e.value() instanceof YamlNode.Mapping m ? m : new YamlNode.Mapping(List.of(), e.value().location());
            locations.put(SpecLocations.vtable(ks, tname), e.key().location());
            List<VSchema.ColumnVindex> cvs = new ArrayList<>();
            List<YamlNode> cvNodes = seq(t, "column_vindexes");
            for (int i = 0; i < cvNodes.size(); i++) {
                YamlNode.Mapping cv = (YamlNode.Mapping) cvNodes.get(i);
                locations.put(SpecLocations.vtable(ks, tname, "cv#" + i + "/column"), loc(cv, "column"));
                locations.put(SpecLocations.vtable(ks, tname, "cv#" + i + "/name"), loc(cv, "name"));
                cvs.add(new VSchema.ColumnVindex(str(cv, "column", ""), str(cv, "name", "")));
            }
            VSchema.AutoIncrement ai = null;
            Optional<YamlNode.Mapping> aiNode = optMap(t, "auto_increment");
            if (aiNode.isPresent()) {
                locations.put(SpecLocations.vtable(ks, tname, "ai/column"), loc(aiNode.get(), "column"));
                locations.put(SpecLocations.vtable(ks, tname, "ai/sequence"), loc(aiNode.get(), "sequence"));
                ai = new VSchema.AutoIncrement(str(aiNode.get(), "column", ""), str(aiNode.get(), "sequence", ""));
            }
            locations.put(SpecLocations.vtable(ks, tname, "type"), t.get("type").map(YamlNode::location).orElse(e.key().location()));
            tables.put(tname, new VSchema.Table(str(t, "type", ""), cvs, ai));
        }
        return new VSchema(sharded, vindexes, tables);
    }

    /** {@code policy.lint}: code → level; the JSON Schema has already checked the codes and levels. */
    private LintPolicy lintPolicy(YamlNode.Mapping policy) {
        Map<LintCode, LintPolicy.Level> levels = new EnumMap<>(LintCode.class);
        Optional<YamlNode.Mapping> lint = optMap(policy, "lint");
        if (lint.isPresent()) {
            for (YamlNode.Entry e : lint.get().entries()) {
                locations.put(SpecLocations.lint(e.key().value()), e.key().location());
                Optional<LintCode> code = LintCode.of(e.key().value());
                Optional<LintPolicy.Level> level = e.value() instanceof YamlNode.Scalar v ? LintPolicy.Level.of(v.value()) : Optional.empty();
                if (code.isPresent() && level.isPresent()) {
                    levels.put(code.get(), level.get());
                }
            }
        }
        return new LintPolicy(levels);
    }

    /** Adds the tables of one schema source; false when some of it could not be read or parsed. */
    private boolean readSchema(YamlNode.Mapping source, SpecDocument doc, int ks, List<TableDef> tables) {
        Optional<YamlNode> file = source.get("file");
        CreateTableParser.Result result;
        if (file.isPresent()) {
            String rel = ((YamlNode.Scalar) file.get()).value();
            String display = displayOf(doc.displayName(), rel);
            SpecRoot.Content text = doc.specRoot().readNamed(doc.path(), rel, file.get().location(), "schema file", display, limits.maxFileBytes());
            if (!text.ok()) {
                problems.add(text.problem());
                return false;
            }
            result = CreateTableParser.parse(text.text(), (line, col) -> new SourceLocation(display, line, col));
        } else {
            YamlNode.Scalar sql = (YamlNode.Scalar) source.get("sql").orElseThrow();
            result = CreateTableParser.parse(sql.value(), inlinePosition(doc, sql));
        }
        problems.addAll(result.problems());
        for (CreateTableParser.Parsed p : result.tables()) {
            BiFunction<Integer, Integer, SourceLocation> where = file.isPresent()
                    ? (line, col) -> new SourceLocation(displayOf(doc.displayName(), ((YamlNode.Scalar) file.get()).value()), line, col)
                    : inlinePosition(doc, (YamlNode.Scalar) source.get("sql").orElseThrow());
            int t = tables.size();
            locations.put(SpecLocations.table(ks, t), where.apply(p.line(), p.column()));
            p.columns().forEach((name, at) -> locations.put(SpecLocations.column(ks, t, name), where.apply(at[0], at[1])));
            for (int i = 0; i < p.foreignKeys().size(); i++) {
                locations.put(SpecLocations.foreignKey(ks, t, i), where.apply(p.foreignKeys().get(i)[0], p.foreignKeys().get(i)[1]));
            }
            tables.add(p.table());
        }
        return result.problems().isEmpty();
    }

    static String displayOf(String specDisplay, String rel) {
        try {
            Path parent = Path.of(specDisplay).getParent();
            return (parent == null ? Path.of(rel) : parent.resolve(rel)).normalize().toString();
        } catch (InvalidPathException e) {
            return specDisplay; // a path with a NUL: SpecRoot refuses it before anything is read
        }
    }

    /**
     * Maps a position inside an inline {@code sql:} value to the YAML file: a block scalar
     * ({@code |} or {@code >}) starts on the next line, indented; a flow scalar starts where it is written.
     */
    private static BiFunction<Integer, Integer, SourceLocation> inlinePosition(SpecDocument doc, YamlNode.Scalar sql) {
        SourceLocation at = sql.location();
        String[] lines = doc.text().split("\n", -1);
        String first = at.line() - 1 < lines.length ? lines[at.line() - 1] : "";
        String from = at.column() - 1 <= first.length() ? first.substring(at.column() - 1) : "";
        boolean block = from.startsWith("|") || from.startsWith(">");
        boolean quoted = from.startsWith("\"") || from.startsWith("'");
        return (line, col) -> {
            if (block) {
                int yamlLine = at.line() + line;
                String text = yamlLine - 1 < lines.length ? lines[yamlLine - 1] : "";
                int indent = text.length() - text.stripLeading().length();
                return new SourceLocation(at.file(), yamlLine, indent + col);
            }
            return line == 1
                    ? new SourceLocation(at.file(), at.line(), at.column() + col - 1 + (quoted ? 1 : 0))
                    : new SourceLocation(at.file(), at.line() + line - 1, col);
        };
    }

    private Optional<Migration> migration(YamlNode.Mapping m, List<Migration> done) {
        int index = done.size();
        String name = str(m, "name", "");
        SourceLocation where = loc(m, "name");
        locations.put(SpecLocations.migration(index), where);
        for (String part : List.of("moveTables", "reshard", "switchTraffic", "complete", "copy")) {
            locations.put(SpecLocations.migration(index, part), m.get(part).map(YamlNode::location).orElse(where));
        }
        Optional<YamlNode.Mapping> mt = optMap(m, "moveTables");
        Optional<YamlNode.Mapping> rs = optMap(m, "reshard");
        if (mt.isPresent() == rs.isPresent()) {
            problems.add(Problem.at(where, "migration.move",
                    "migration '" + name + "' must have exactly one of moveTables or reshard" + (mt.isPresent() ? ", not both" : ""),
                    "moveTables: {from, to, tables} moves tables between keyspaces; reshard: {keyspace, from, to} moves rows between shards"));
            return Optional.empty();
        }
        Migration.Move move;
        if (mt.isPresent()) {
            YamlNode.Mapping t = mt.get();
            locations.put(SpecLocations.migration(index, "from"), loc(t, "from"));
            locations.put(SpecLocations.migration(index, "to"), loc(t, "to"));
            List<YamlNode> tableNodes = seq(t, "tables");
            List<String> tables = new ArrayList<>();
            for (int i = 0; i < tableNodes.size(); i++) {
                locations.put(SpecLocations.migration(index, "table#" + i), tableNodes.get(i).location());
                tables.add(((YamlNode.Scalar) tableNodes.get(i)).value());
            }
            move = new Migration.MoveTables(str(t, "from", ""), str(t, "to", ""), tables);
        } else {
            YamlNode.Mapping r = rs.get();
            locations.put(SpecLocations.migration(index, "keyspace"), loc(r, "keyspace"));
            move = new Migration.Reshard(str(r, "keyspace", ""), shardList(r, "from", index), shardList(r, "to", index));
        }
        List<TabletType> switched = new ArrayList<>();
        List<YamlNode> sw = seq(m, "switchTraffic");
        for (YamlNode n : sw) {
            TabletType.fromWord(((YamlNode.Scalar) n).value()).ifPresent(switched::add);
        }
        boolean copy = bool(m, "copy", true);
        boolean complete = bool(m, "complete", false);
        return Optional.of(new Migration(name, move, copy, switched, complete, where));
    }

    private List<String> shardList(YamlNode.Mapping r, String key, int index) {
        List<String> names = new ArrayList<>();
        List<YamlNode> nodes = seq(r, key);
        for (int i = 0; i < nodes.size(); i++) {
            locations.put(SpecLocations.migration(index, key + "#" + i), nodes.get(i).location());
            names.add(((YamlNode.Scalar) nodes.get(i)).value());
        }
        locations.put(SpecLocations.migration(index, key), r.get(key).map(YamlNode::location).orElse(r.location()));
        return names;
    }

    /** Where a backup block's location and credentials file are written ({@code PREFIX/location}, {@code PREFIX/credentials/file}), for the Kubernetes checks. */
    private void backupPositions(Optional<YamlNode.Mapping> backup, String prefix) {
        backup.ifPresent(b -> {
            b.get("location").ifPresent(n -> locations.put(prefix + "/location", n.location()));
            optMap(b, "credentials").flatMap(c -> c.get("file")).ifPresent(n -> locations.put(prefix + "/credentials/file", n.location()));
        });
    }
}
