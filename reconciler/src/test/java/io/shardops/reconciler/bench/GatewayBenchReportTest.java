package io.shardops.reconciler.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code shardops bench gateway} prints, as text and as JSON, from one report value. */
class GatewayBenchReportTest {
    private static final GatewayBenchReport REPORT = new GatewayBenchReport("test cluster", 8, 10, 10000, true, List.of(
            new GatewayBenchReport.Comparison("oltp_point_select",
                    new GatewayBenchReport.Run(20000, 0.50, 200000, 0, 0, 12.5, 40, 0, null, null),
                    new GatewayBenchReport.Run(10000, 1.25, 100000, 0, 0, 13.0, 45, 120,
                            new GatewayBenchReport.NodeSplit(90, 20, 4, 6), null)),
            new GatewayBenchReport.Comparison("oltp_read_write",
                    new GatewayBenchReport.Run(4000, 9.0, 28000, 8000, 0, 14.0, 100, 0, null, null),
                    GatewayBenchReport.Run.failed("Commands out of sync", 14.5))));

    @Test
    void textShowsEachPathTheRatioAndTheAddedP95() {
        String text = REPORT.text();
        assertTrue(text.contains("cluster: test cluster"), text);
        assertTrue(text.contains("sysbench 8 threads, 10 s per run, 1 table x 10000 rows, prepared statements on"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("oltp_point_select\\s+gateway\\s+10000\\.0\\s+1\\.25\\s+100000\\s+0\\s+0\\s+45\\s+120\\s+13\\.0")), text);
        assertTrue(text.contains("oltp_point_select: gateway/direct QPS 0.50, added p95 +0.75 ms, CPU per query 40 us direct vs 165 us"), text);
        assertTrue(text.contains("oltp_point_select: node CPU per query through the gateway: event loops 90 us, JIT compiler 20 us, GC 4 us,"
                + " other 6 us"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("oltp_read_write\\s+gateway\\s+failed.*14\\.5")), text);
        assertTrue(text.contains("oltp_read_write gateway FAILED: Commands out of sync"), text);
        assertFalse(text.contains("oltp_read_write: gateway/direct"), text);
    }

    @Test
    void jsonCarriesTheSameFiguresAndNoRatioForAFailedRun() throws Exception {
        JsonNode json = new ObjectMapper().readTree(REPORT.json());
        assertEquals(8, json.get("threads").asInt());
        assertTrue(json.get("preparedStatements").asBoolean());
        JsonNode point = json.get("tests").get(0);
        assertEquals("oltp_point_select", point.get("test").asText());
        assertEquals(20000.0, point.get("direct").get("qps").asDouble());
        assertEquals(0.5, point.get("qpsRatio").asDouble(), 1e-9);
        assertEquals(0.75, point.get("addedP95Millis").asDouble(), 1e-9);
        assertEquals(120.0, point.get("gateway").get("nodeCpuMicrosPerQuery").asDouble());
        assertEquals(20.0, point.get("gateway").get("nodeCpuSplit").get("jit").asDouble());
        assertFalse(point.get("direct").has("error"));
        JsonNode rw = json.get("tests").get(1);
        assertEquals("Commands out of sync", rw.get("gateway").get("error").asText());
        assertTrue(rw.get("qpsRatio").isNull(), rw.toString());
    }
}
