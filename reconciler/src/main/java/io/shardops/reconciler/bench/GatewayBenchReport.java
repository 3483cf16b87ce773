package io.shardops.reconciler.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@code shardops bench gateway} run: per sysbench test, the direct baseline and the
 * run through the gateway, each with the load average when it started (the machine is shared).
 * The text and the JSON view render this one value.
 *
 * @param setup       how the cluster was built, for the reader (e.g. "shardops up: etcd + node ...")
 * @param preparedStatements whether sysbench used prepared statements ({@code --db-ps-mode=auto})
 */
public record GatewayBenchReport(String setup, int threads, int seconds, int tableSize, boolean preparedStatements,
                                 List<Comparison> tests) {
    public GatewayBenchReport {
        tests = List.copyOf(tests);
    }

    /**
     * One run. {@code loadAverage} is the 1-minute load average when it started; {@code mysqldCpuMicrosPerQuery}
     * and {@code nodeCpuMicrosPerQuery} are the CPU time (user + system) MariaDB and the node JVM (gateway and
     * tablet) spent per query during the run, which a loaded machine distorts far less than QPS and latency;
     * {@code nodeCpuSplit} says which of the node's threads spent {@code nodeCpuMicrosPerQuery};
     * {@code error} is null for a measured run, else why sysbench stopped (its figures are then zero).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(double qps, double p95Millis, long reads, long writes, long ignoredErrors, double loadAverage,
                      double mysqldCpuMicrosPerQuery, double nodeCpuMicrosPerQuery, NodeSplit nodeCpuSplit, String error) {
        /** @param mysqldCpu and {@code nodeCpu}: CPU time used during the run; {@code nodeThreads} the same split by thread kind */
        public static Run of(Sysbench.Measurement m, double loadAverage, Duration mysqldCpu, Duration nodeCpu,
                             NodeCpu nodeThreads) {
            long q = Math.max(1, m.queries());
            // "other" is what the named kinds leave of the process's total: it includes threads that ended during the run
            Duration rest = nodeCpu.minus(nodeThreads.eventLoops()).minus(nodeThreads.jit()).minus(nodeThreads.gc());
            NodeSplit split = new NodeSplit(micros(nodeThreads.eventLoops(), q), micros(nodeThreads.jit(), q),
                    micros(nodeThreads.gc(), q), Math.max(0, micros(rest, q)));
            return new Run(m.qps(), m.p95Millis(), m.reads(), m.writes(), m.ignoredErrors(), loadAverage,
                    micros(mysqldCpu, q), micros(nodeCpu, q), split, null);
        }

        private static double micros(Duration d, long queries) {
            return d.toNanos() / 1e3 / queries;
        }

        public static Run failed(String error, double loadAverage) {
            return new Run(0, 0, 0, 0, 0, loadAverage, 0, 0, null, error);
        }

        @JsonIgnore
        public boolean measured() {
            return error == null;
        }
    }

    /**
     * The node's CPU per query by thread: event loops (gateway and tablet answering queries), the JIT
     * compilers (still compiling: the warm-up was too short), the garbage collector, everything else.
     */
    public record NodeSplit(double eventLoops, double jit, double gc, double other) {}

    /** One sysbench test, direct and through the gateway; the comparison is null unless both runs were measured. */
    public record Comparison(String test, Run direct, Run gateway) {
        /** Gateway QPS over direct QPS (1.0: the gateway costs nothing). */
        @JsonProperty("qpsRatio")
        public Double qpsRatio() {
            return both() && direct.qps() > 0 ? gateway.qps() / direct.qps() : null;
        }

        /** The p95 latency the gateway adds, in milliseconds. */
        @JsonProperty("addedP95Millis")
        public Double addedP95Millis() {
            return both() ? gateway.p95Millis() - direct.p95Millis() : null;
        }

        private boolean both() {
            return direct.measured() && gateway.measured();
        }
    }

    public String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report of records and numbers always serializes", e);
        }
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("cluster: ").append(setup).append('\n');
        sb.append(String.format(Locale.ROOT, "sysbench %d threads, %d s per run, 1 table x %d rows, prepared statements %s%n",
                threads, seconds, tableSize, preparedStatements ? "on (--db-ps-mode=auto)" : "off (--db-ps-mode=disable)"));
        sb.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"test", "path", "QPS", "p95 ms", "reads", "writes", "errors", "mysqld CPU us/q", "node CPU us/q", "load avg"});
        for (Comparison c : tests) {
            rows.add(row(c.test(), "direct", c.direct()));
            rows.add(row(c.test(), "gateway", c.gateway()));
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                String cell = i < 2 ? pad(r[i], widths[i], true) : pad(r[i], widths[i], false);
                sb.append(cell).append(i == r.length - 1 ? "\n" : "  ");
            }
        }
        sb.append('\n');
        for (Comparison c : tests) {
            if (c.qpsRatio() != null) {
                sb.append(String.format(Locale.ROOT, "%s: gateway/direct QPS %.2f, added p95 %+.2f ms, CPU per query %.0f us direct vs %.0f us"
                                + " through the gateway (mysqld + node)%n", c.test(), c.qpsRatio(), c.addedP95Millis(),
                        c.direct().mysqldCpuMicrosPerQuery() + c.direct().nodeCpuMicrosPerQuery(),
                        c.gateway().mysqldCpuMicrosPerQuery() + c.gateway().nodeCpuMicrosPerQuery()));
            }
            if (c.gateway().nodeCpuSplit() != null) {
                NodeSplit n = c.gateway().nodeCpuSplit();
                sb.append(String.format(Locale.ROOT, "%s: node CPU per query through the gateway: event loops %.0f us, JIT compiler %.0f us,"
                        + " GC %.0f us, other %.0f us%n", c.test(), n.eventLoops(), n.jit(), n.gc(), n.other()));
            }
            for (Run r : List.of(c.direct(), c.gateway())) {
                if (!r.measured()) {
                    sb.append(c.test()).append(' ').append(r == c.direct() ? "direct" : "gateway").append(" FAILED: ")
                            .append(r.error()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String[] row(String test, String path, Run r) {
        if (!r.measured()) {
            return new String[] {test, path, "failed", "-", "-", "-", "-", "-", "-", String.format(Locale.ROOT, "%.1f", r.loadAverage())};
        }
        return new String[] {test, path, String.format(Locale.ROOT, "%.1f", r.qps()), String.format(Locale.ROOT, "%.2f", r.p95Millis()),
            Long.toString(r.reads()), Long.toString(r.writes()), Long.toString(r.ignoredErrors()),
            String.format(Locale.ROOT, "%.0f", r.mysqldCpuMicrosPerQuery()), String.format(Locale.ROOT, "%.0f", r.nodeCpuMicrosPerQuery()),
            String.format(Locale.ROOT, "%.1f", r.loadAverage())};
    }

    private static String pad(String s, int width, boolean left) {
        String spaces = " ".repeat(width - s.length());
        return left ? s + spaces : spaces + s;
    }
}
