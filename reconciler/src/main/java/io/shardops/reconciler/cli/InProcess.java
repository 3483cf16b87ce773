package io.shardops.reconciler.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs a shardops subcommand inside this JVM (the benchmarks drive {@code up} and {@code apply} this way). */
final class InProcess {
    private InProcess() {}

    /**
     * Runs {@code command} with {@code args}; each line it prints goes to {@code lines} as it comes. A non-zero exit is a
     * UserException carrying everything the command printed.
     */
    static void run(Object command, String name, Consumer<String> lines, String... args) {
        StringWriter captured = new StringWriter();
        PrintWriter w = new PrintWriter(new Lines(captured, lines), true);
        CommandLine cli = new CommandLine(command);
        cli.setOut(w);
        cli.setErr(w);
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        int exit = cli.execute(args);
        w.flush();
        if (exit != 0) {
            throw new UserException("shardops " + name + " exited " + exit + ":\n" + captured);
        }
    }

    /** Keeps everything and hands on each complete line. */
    private static final class Lines extends Writer {
        private final StringWriter all;
        private final Consumer<String> lines;
        private final StringBuilder line = new StringBuilder();

        Lines(StringWriter all, Consumer<String> lines) {
            this.all = all;
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            all.write(buf, off, len);
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    lines.accept(line.toString());
                    line.setLength(0);
                } else {
                    line.append(buf[i]);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public synchronized void close() {
            if (!line.isEmpty()) {
                lines.accept(line.toString());
                line.setLength(0);
            }
        }
    }
}
