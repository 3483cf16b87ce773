package io.shardops.reconciler.apply.steps.move;

import io.shardops.dataplane.tablet.StreamSpec;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.dataplane.vindex.Vindex;
import io.shardops.planner.topology.Topology;
import io.shardops.planner.topology.WorkflowKind;
import io.shardops.planner.topology.WorkflowRecord;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which tables a move carries and which of their rows each shard holds or owns. Pure: values in, values out. */
final class RowShares {
    private RowShares() {}

    /** MoveTables: the tables named; Reshard: every table of the source shard the target's VSchema shards. */
    static List<String> tablesOf(WorkflowRecord w, Topology t) {
        if (w.kind() == WorkflowKind.MOVE_TABLES) {
            return w.tables();
        }
        VSchema vs = vschemaOf(t, w.targetKeyspace());
        Set<String> out = new LinkedHashSet<>();
        for (String shard : w.sourceShards()) {
            t.schema(w.sourceKeyspace(), shard).ifPresent(s -> s.tables().forEach(d -> {
                if (vs.table(d.name()).flatMap(VSchema.Table::primaryVindex).isPresent() || !vs.sharded()) {
                    out.add(d.name());
                }
            }));
        }
        return List.copyOf(out);
    }

    static VSchema vschemaOf(Topology t, String keyspace) {
        return Optional.ofNullable(t.vschemas().get(keyspace)).orElse(VSchema.EMPTY);
    }

    /** Each table's rows for a target shard: all of them into an unsharded keyspace, else those in its key range. */
    static List<StreamSpec.Table> streamTables(List<String> tables, VSchema vschema, KeyRange range) throws StepException {
        List<StreamSpec.Table> out = new ArrayList<>();
        for (String table : tables) {
            if (!vschema.sharded()) {
                out.add(StreamSpec.Table.allRows(table));
                continue;
            }
            VSchema.ColumnVindex cv = vschema.table(table).flatMap(VSchema.Table::primaryVindex).orElseThrow(() ->
                    new StepException("table " + table + " has no primary vindex in the target's VSchema; a sharded target needs one to pick its rows"));
            VSchema.Vindex v = vschema.vindexes().get(cv.name());
            if (v == null) {
                throw new StepException("table " + table + " names vindex " + cv.name() + ", which the target's VSchema does not define");
            }
            out.add(new StreamSpec.Table(table, cv.column(), v.type(), range.name()));
        }
        return out;
    }

    /** The source rows a shard should hold: all of them in an unsharded keyspace, else those in its key range. */
    static TableDiffSpec.Rows rows(VSchema vschema, String table, KeyRange range) throws StepException {
        if (!vschema.sharded() || range.isFull()) {
            return TableDiffSpec.Rows.all();
        }
        StreamSpec.Table st = streamTables(List.of(table), vschema, range).get(0);
        if (Vindex.forType(st.vindexType()).isEmpty()) {
            throw new StepException("vindex type " + st.vindexType() + " is not supported");
        }
        return new TableDiffSpec.Rows(st.vindexColumn(), st.vindexType(), range.name());
    }

    /**
     * Which rows of a table each source shard owns: with one source shard, all of them; with several
     * (a merge, MoveTables out of a sharded keyspace), those whose keyspace id under the source's primary
     * vindex falls in the shard's key range, so a target filled from several sources is compared with
     * each for its share.
     */
    static List<TableDiffSpec.Rows> sourceShares(VSchema sourceVSchema, String table, List<KeyRange> sourceRanges) throws StepException {
        if (sourceRanges.size() == 1) {
            return List.of(TableDiffSpec.Rows.all());
        }
        if (!sourceVSchema.sharded() || sourceVSchema.table(table).flatMap(VSchema.Table::primaryVindex).isEmpty()) {
            throw new StepException("table " + table + " has no primary vindex in the source keyspace's VSchema, so its rows cannot be told apart"
                    + " by source shard; give it one in the source keyspace before moving it out of " + sourceRanges.size() + " shards");
        }
        List<TableDiffSpec.Rows> out = new ArrayList<>();
        for (KeyRange range : sourceRanges) {
            out.add(rows(sourceVSchema, table, range));
        }
        return List.copyOf(out);
    }
}
