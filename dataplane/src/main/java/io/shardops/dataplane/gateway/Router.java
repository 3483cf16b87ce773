package io.shardops.dataplane.gateway;

import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Decides where a statement goes, from the session's target and a routing snapshot. Pure: no I/O,
 * no clock; errors are thrown as {@link io.shardops.dataplane.mysql.MysqlException}s for the client.
 *
 * <p>This class dispatches: session statements ({@link SessionStatements}), SHOW ({@link ShowStatements}),
 * sequences, explicit shards, then by VSchema to {@link UnshardedRouting} or {@link ShardedRouting}.
 */
public final class Router {
    private static final Pattern NEXT_VALUES = Pattern.compile(
            "(?is)\\s*select\\s+next\\s+(?:(\\d+)\\s+values|value)\\s+from\\s+`?(?:(\\w+)`?\\.`?)?(\\w+)`?\\s*;?\\s*");
    private static final Pattern NEXT_VALUES_PREFIX = Pattern.compile("(?is)\\s*select\\s+next\\s");
    private static final Set<String> PREPARED_AS_IS = Set.of("select", "insert", "update", "delete", "replace");

    private final RoutingSnapshot snapshot;
    private final Targets targets;
    private final SequenceFilling sequences;
    /** Set only while a prepared statement is analysed: what its placeholders stand for. */
    private final ParameterProbe probe;
    /** The gateway's routes by statement shape; null routes every statement from its parse. */
    private final ShapeRoutes shapes;

    public Router(RoutingSnapshot snapshot) {
        this(snapshot, null, null);
    }

    Router(RoutingSnapshot snapshot, ShapeRoutes shapes) {
        this(snapshot, null, shapes);
    }

    private Router(RoutingSnapshot snapshot, ParameterProbe probe, ShapeRoutes shapes) {
        this.snapshot = snapshot;
        this.targets = new Targets(snapshot);
        this.sequences = new SequenceFilling(snapshot);
        this.probe = probe;
        this.shapes = shapes;
    }

    public RoutingSnapshot snapshot() {
        return snapshot;
    }

    Targets targets() {
        return targets;
    }

    /** Routes one statement. */
    public Route route(String sql, Target target) {
        if (ExecutableComments.mayHave(sql)) {
            sql = ExecutableComments.unwrap(sql);
        }
        String word = StatementWords.firstWord(sql);
        if (word.isEmpty()) {
            String inner = StatementWords.versionCommented(sql);
            if (inner != null && StatementWords.firstWord(inner).equals("set")) {
                return SessionStatements.route(targets, "set", inner, target).orElseThrow();  // mysqldump's session settings
            }
        }
        Optional<Route> session = SessionStatements.route(targets, word, sql, target);
        if (session.isPresent()) {
            return session.get();
        }
        SessionStatements.refuseUserVariableAssignment(sql);
        Optional<Route> dumpAndLoad = DumpStatements.route(targets, word, sql, target);
        if (dumpAndLoad.isPresent()) {
            return dumpAndLoad.get();
        }
        Optional<Route> metadata = MetadataStatements.route(this, targets, word, sql, target);
        if (metadata.isPresent()) {
            return metadata.get();
        }
        if (word.equals("show")) {
            return ShowStatements.route(targets, sql, target);
        }
        Optional<Route> maintenance = TableMaintenance.route(targets, word, sql, target);
        if (maintenance.isPresent()) {
            return maintenance.get();
        }
        if (word.equals("select")) {
            Matcher m = StatementWords.containsWord(sql, "next") ? NEXT_VALUES.matcher(sql) : null;
            if (m != null && m.matches()) {
                long n = m.group(1) == null ? 1 : Long.parseLong(m.group(1));
                return new Route.NextValues(sequences.sequence(m.group(2), m.group(3)), n);
            }
            if (!StatementWords.containsWord(sql, "from")) {
                return SessionStatements.chatter(targets, sql, target);
            }
        }
        if ((word.equals("insert") || word.equals("replace")) && sql.length() >= BulkInsert.MIN_LENGTH && target.shard() == null) {
            Optional<Route> bulk = BulkInsert.route(targets, sql, target);
            if (bulk.isPresent()) {
                return bulk.get();
            }
        }
        if (target.shard() != null) {
            String ks = targets.requireKeyspace(target, null);
            return new Route.Forward(new ShardQuery(new ShardTarget(targets.servingKeyspace(ks, target.tabletType()), target.shard(),
                    target.tabletType()), sql));
        }
        return routeByVSchema(sql, word, target);
    }

    /**
     * The one shard that runs a prepared statement of {@code sql} (placeholders in place) as it is, the
     * gateway leaving its text unchanged (no keyspace qualifier to strip, no sequence ids to fill): fixed by
     * the text (an explicit shard, an unsharded keyspace, a vindex column compared to a literal), or named
     * by the one parameter the primary vindex column is compared to. Empty when the parameters must be
     * substituted and the text routed.
     */
    public Optional<PreparedShard> preparedShard(String sql, Target target) {
        if (!PREPARED_AS_IS.contains(StatementWords.firstWord(sql)) || NEXT_VALUES_PREFIX.matcher(sql).lookingAt()
                || SessionFunctions.mayNameLastInsertId(sql)  // the session's LAST_INSERT_ID() goes in as a literal
                || StatementWords.containsWord(sql, "sql_calc_found_rows")) {  // the gateway counts the rows
            return Optional.empty();  // select next ? values: the gateway answers it from the sequence
        }
        ParameterProbe seen = new ParameterProbe();
        Route route;
        try {
            route = new Router(snapshot, seen, null).route(sql, target);
        } catch (RuntimeException e) {
            return Optional.empty();  // the text path reports it, with the values in place
        }
        if (!(route instanceof Route.Forward f) || !f.query().sql().equals(sql)) {
            return Optional.empty();
        }
        ShardTarget one = f.query().target();
        boolean sharded = target.shard() == null && snapshot.vschema(one.keyspace()).orElse(VSchema.EMPTY).sharded();
        if (!sharded || seen.parameters.isEmpty()) {
            return Optional.of(new PreparedShard.Fixed(one));
        }
        if (seen.parameters.size() != 1 || seen.vindex == null) {
            return Optional.empty();  // IN (?, ?): the shards depend on several values
        }
        return Optional.of(new PreparedShard.ByParameter(seen.parameters.get(0), seen.vindex, one.keyspace(),
                targets.servingShards(one.keyspace(), one.tabletType()), one.tabletType()));
    }

    /**
     * A target's keyspace in this snapshot: its serving keyspace's VSchema and first shard. Kept for the last
     * target asked about, as a session asks for the same target statement after statement and a router's
     * snapshot does not change; only the session's event loop uses its router.
     */
    private final class KeyspaceOfTarget {
        final Target target;
        final String keyspace;
        final VSchema vschema;
        private ShardTarget firstShard;

        KeyspaceOfTarget(Target target, String keyspace, VSchema vschema) {
            this.target = target;
            this.keyspace = keyspace;
            this.vschema = vschema;
        }

        ShardTarget firstShard() {
            if (firstShard == null) {
                firstShard = targets.firstShard(keyspace, target.tabletType());
            }
            return firstShard;
        }
    }

    private KeyspaceOfTarget lastKeyspace;

    private KeyspaceOfTarget keyspaceOf(Target target) {
        KeyspaceOfTarget k = lastKeyspace;
        if (k != null && k.target.equals(target)) {
            return k;
        }
        String ks = targets.requireKeyspace(target, null);
        k = new KeyspaceOfTarget(target, ks, snapshot.vschema(targets.servingKeyspace(ks, target.tabletType())).orElse(VSchema.EMPTY));
        lastKeyspace = k;
        return k;
    }

    private Route routeByVSchema(String sql, String word, Target target) {
        boolean knownKeyspace = target.keyspace() != null || snapshot.keyspaces().size() == 1;
        if (knownKeyspace) {
            KeyspaceOfTarget k = keyspaceOf(target);
            if (!k.vschema.sharded() && !UnshardedRouting.needsParse(snapshot, sql, word, k.vschema)) {
                return new Route.Forward(new ShardQuery(k.firstShard(), sql));
            }
        }
        if (shapes != null) {
            Optional<Route> known = shapes.route(this, sql, target);
            if (known.isPresent()) {
                return known.get();
            }
        }
        String parsed = ParseableText.of(sql);  // the text the statement's parse positions refer to
        Statement st = SqlParser.parse(parsed);
        if (TableMaintenance.fromDualOnly(st) || CommonTableExpressions.readsNoTable(st)) {
            return SessionStatements.chatter(targets, sql, target);
        }
        if (word.equals("replace") && st instanceof Upsert) {
            return ReplaceStatements.asReplace(routeByVSchema(ReplaceStatements.asInsert(sql), "insert", target));
        }
        String table = StatementTables.mainTable(st);
        String qualifier = StatementTables.qualifier(st);
        String ks = qualifier != null && snapshot.keyspaces().contains(qualifier) ? qualifier : targets.requireKeyspace(target, table);
        if (target.keyspace() != null && table != null && qualifier == null) {
            VSchema own = snapshot.vschema(targets.servingKeyspace(ks, target.tabletType())).orElse(VSchema.EMPTY);
            if (own.sharded() && !own.tables().containsKey(table)) {
                ks = targets.keyspaceOfTable(table).orElse(ks);  // a table of another keyspace, named without its keyspace
            }
        }
        String serving = targets.servingKeyspace(ks, target.tabletType());
        VSchema v = snapshot.vschema(serving).orElse(VSchema.EMPTY);
        boolean rewritten = StatementTables.stripKeyspaceQualifiers(st, snapshot.keyspaces());
        String text = rewritten ? st.toString() : sql;
        TabletType type = target.tabletType();
        if (st instanceof PlainSelect calc && calc.getMySqlSqlCalcFoundRows()) {
            return FoundRows.route(calc, statement -> route(statement, target));
        }
        if (!v.sharded()) {
            return UnshardedRouting.route(targets, sequences, st, table, text, serving, v, type);
        }
        if (st instanceof PlainSelect ps && ps.getWithItemsList() != null && CommonTableExpressions.inline(ps, text)) {
            text = st.toString();
            table = StatementTables.mainTable(st);
        }
        if (Subqueries.mayHave(text)) {
            Optional<Route> first = Subqueries.preRun(st, rewritten2 -> route(rewritten2, target));
            if (first.isPresent()) {
                return first.get();
            }
        }
        List<ShardRef> shards = targets.servingShards(serving, type);
        ShardedRouting sr = new ShardedRouting(serving, v, shards, type, probe);
        if (st instanceof Select sel) {
            return sr.select(sel, text, table, parsed);
        }
        if (st instanceof Insert ins) {
            Optional<Route> reference = sr.toReferenceTable(table, text);
            if (reference.isPresent()) {
                return reference.get();
            }
            return new InsertSplitter(sr, sequences).insert(ins, table, text);
        }
        if (st instanceof Update up) {
            return sr.update(up, text, table);
        }
        if (st instanceof Delete del) {
            return sr.delete(del, text, table);
        }
        // DDL and the rest: every shard of the keyspace
        return new Route.MultiWrite(sr.all(text));
    }
}
