package io.shardops.dataplane.gateway;

import io.shardops.spec.TabletType;
import io.shardops.spec.vschema.VSchema;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.insert.Insert;

/**
 * Unsharded keyspaces: the statement text goes to the one shard unchanged and unparsed unless a
 * keyspace-qualified name or an auto-increment sequence needs it.
 */
final class UnshardedRouting {
    private UnshardedRouting() {}

    /** Whether the statement must be parsed before it goes to an unsharded keyspace with this VSchema. */
    static boolean needsParse(RoutingSnapshot snapshot, String sql, String word, VSchema v) {
        if (word.equals("insert") || word.equals("replace")) {
            for (VSchema.Table t : v.tables().values()) {
                if (t.autoIncrement() != null) {
                    return true;
                }
            }
        }
        for (String ks : snapshot.keyspaces()) {
            if (StatementWords.namesQualifier(sql, ks)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A parsed statement for the unsharded keyspace {@code serving}; {@code text} is its text with keyspace
     * qualifiers stripped. An insert whose table has a sequence gets its ids first.
     */
    static Route route(Targets targets, SequenceFilling sequences, Statement st, String table, String text, String serving,
                       VSchema v, TabletType type) {
        ShardTarget one = new ShardTarget(serving, targets.servingShards(serving, type).get(0).name(), type);
        if (st instanceof Insert ins && table != null) {
            VSchema.Table t = v.tables().get(table);
            if (t != null && t.autoIncrement() != null) {
                return sequences.fill(ins, t, (rows, filled) -> new Route.Forward(new ShardQuery(one, filled ? ins.toString() : text)));
            }
        }
        return new Route.Forward(new ShardQuery(one, text));
    }
}
