package io.shardops.reconciler.apply.steps.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardops.dataplane.tablet.StreamSpec;
import io.shardops.dataplane.tablet.diff.TableDiffSpec;
import io.shardops.reconciler.apply.steps.StepException;
import io.shardops.spec.key.KeyRange;
import io.shardops.spec.vschema.VSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowSharesTest {
    private static final VSchema SHARDED = new VSchema(true, Map.of("hash", new VSchema.Vindex("hash", Map.of())),
            Map.of("customer", new VSchema.Table("", List.of(new VSchema.ColumnVindex("customer_id", "hash")), null)));

    @Test
    void intoAnUnshardedKeyspaceEveryRowIsCarried() throws StepException {
        assertEquals(List.of(StreamSpec.Table.allRows("customer"), StreamSpec.Table.allRows("corder")),
                RowShares.streamTables(List.of("customer", "corder"), VSchema.EMPTY, KeyRange.FULL));
    }

    @Test
    void intoAShardedKeyspaceRowsAreChosenByTheTargetsPrimaryVindexAndKeyRange() throws StepException {
        assertEquals(List.of(new StreamSpec.Table("customer", "customer_id", "hash", "-80")),
                RowShares.streamTables(List.of("customer"), SHARDED, KeyRange.parse("-80").orElseThrow()));
    }

    @Test
    void aTableWithoutAPrimaryVindexCannotGoIntoAShardedKeyspace() {
        StepException e = assertThrows(StepException.class,
                () -> RowShares.streamTables(List.of("corder"), SHARDED, KeyRange.parse("80-").orElseThrow()));
        assertEquals(true, e.getMessage().contains("no primary vindex"), e.getMessage());
    }

    @Test
    void copyProgressSaysRowsRateAndTimeLeft() {
        assertEquals("copying, 250000 of ~1000000 row(s), 50000 rows/s, ETA 15 s", CopyWait.copyProgress(250_000, 1_000_000, 50_000));
        assertEquals("copying, 10 row(s), 0 rows/s", CopyWait.copyProgress(10, 0, 0), "no estimate, no rate: no ETA");
    }

    @Test
    void aMergeSplitsTheSourceRowsByEachSourceShardsKeyRange() throws StepException {
        List<TableDiffSpec.Rows> shares = RowShares.sourceShares(SHARDED, "customer",
                List.of(KeyRange.parse("-80").orElseThrow(), KeyRange.parse("80-").orElseThrow()));
        assertEquals(List.of(new TableDiffSpec.Rows("customer_id", "hash", "-80"), new TableDiffSpec.Rows("customer_id", "hash", "80-")), shares);
        assertEquals(List.of(TableDiffSpec.Rows.all()), RowShares.sourceShares(VSchema.EMPTY, "customer", List.of(KeyRange.FULL)),
                "one source shard owns every row");
    }

    @Test
    void rowsOfSeveralSourceShardsCannotBeToldApartWithoutASourceVindex() {
        StepException e = assertThrows(StepException.class, () -> RowShares.sourceShares(SHARDED, "corder",
                List.of(KeyRange.parse("-80").orElseThrow(), KeyRange.parse("80-").orElseThrow())));
        assertEquals(true, e.getMessage().contains("corder has no primary vindex in the source keyspace"), e.getMessage());
    }
}
