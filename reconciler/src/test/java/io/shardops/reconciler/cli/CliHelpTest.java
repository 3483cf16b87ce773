package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command's {@code --help} and {@code --version} as a user runs them, found by walking the command tree
 * (so a new command is checked without being listed here), and the options the commands share.
 */
class CliHelpTest {
    /** Wide enough that picocli wraps nothing: every line break left in the help is one the source asked for. */
    private static final int NO_WRAPPING = 1000;

    private record Run(int exit, String out, String err) {}

    private static Run shardops(int width, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ShardopsCommand());
        cli.setUsageHelpWidth(width);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return new Run(cli.execute(args.toArray(String[]::new)), out.toString(), err.toString());
    }

    /** Every command and subcommand by the words that run it; the top-level command is the empty list. */
    private static Map<List<String>, CommandSpec> commands() {
        Map<List<String>, CommandSpec> all = new LinkedHashMap<>();
        walk(new CommandLine(new ShardopsCommand()), List.of(), all);
        return all;
    }

    private static void walk(CommandLine cli, List<String> words, Map<List<String>, CommandSpec> all) {
        all.put(words, cli.getCommandSpec());
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // not an alias of one already walked
                List<String> more = new ArrayList<>(words);
                more.add(name);
                walk(sub, more, all);
            }
        });
    }

    private static List<String> with(List<String> words, String arg) {
        return Stream.concat(words.stream(), Stream.of(arg)).toList();
    }

    private static String name(List<String> words) {
        return String.join(" ", Stream.concat(Stream.of("shardops"), words.stream()).toList());
    }

    private static boolean isPicocliHelp(CommandSpec spec) {
        return spec.userObject() instanceof CommandLine.HelpCommand;
    }

    @Test
    void theWalkFindsEveryCommandIncludingTheHiddenNodeAndTheBenchmarks() {
        Set<String> names = new TreeSet<>();
        commands().keySet().forEach(words -> names.add(name(words)));
        for (String expected : List.of("shardops", "shardops down", "shardops node", "shardops credentials rotate",
                "shardops watch", "shardops tablet", "shardops bench gitops", "shardops help")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
    }

    @Test
    void everyCommandPrintsItsHelpAndVersion() {
        List<Executable> checks = new ArrayList<>();
        commands().forEach((words, spec) -> {
            checks.add(() -> {
                Run help = shardops(80, with(words, "--help"));
                assertEquals(0, help.exit(), name(words) + " --help: " + help.err());
                assertTrue(help.out().contains("Usage: " + name(words)), name(words) + " --help printed:\n" + help.out());
                assertEquals("", help.err(), name(words) + " --help");
            });
            if (!isPicocliHelp(spec)) {
                checks.add(() -> {
                    Run version = shardops(80, with(words, "--version"));
                    assertEquals(0, version.exit(), name(words) + " --version: " + version.err());
                    assertTrue(version.out().startsWith("shardops "), name(words) + " --version printed: '" + version.out() + "'");
                });
            }
        });
        assertAll(checks);
    }

    /**
     * Picocli wraps each description paragraph to the terminal; a paragraph split by hand across strings shows as a
     * line that stops mid-sentence, which is what this looks for in help rendered too wide to wrap.
     */
    @Test
    void noHelpLineStopsMidSentence() {
        List<Executable> checks = new ArrayList<>();
        commands().forEach((words, spec) -> checks.add(() -> {
            Run help = shardops(NO_WRAPPING, with(words, "--help"));
            List<String> broken = help.out().lines()
                    .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("Usage: "))
                    .filter(line -> !(line.endsWith(".") || line.endsWith(":")))
                    .toList();
            assertEquals(List.of(), broken, name(words) + " --help has paragraphs broken mid-sentence:\n" + help.out());
        }));
        assertAll(checks);
    }

    @Test
    void everyOptionAndParameterIsDescribedInWholeSentences() {
        List<Executable> checks = new ArrayList<>();
        commands().forEach((words, spec) -> {
            if (isPicocliHelp(spec)) {
                return;
            }
            for (ArgSpec arg : spec.args()) {
                String label = name(words) + " " + (arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel());
                checks.add(() -> {
                    String[] description = arg.description();
                    assertTrue(description.length > 0 && !description[0].isBlank(), label + " has no description");
                    for (String paragraph : description) {
                        assertTrue(paragraph.endsWith("."), label + ": '" + paragraph + "' does not end a sentence");
                    }
                });
            }
        });
        assertAll(checks);
    }

    @Test
    void everyCommandThatTalksToEtcdTakesBothEtcdAndTopo() {
        Map<String, CommandSpec> byName = new TreeMap<>();
        commands().forEach((words, spec) -> byName.put(name(words), spec));
        Set<String> withEtcd = new TreeSet<>();
        byName.forEach((name, spec) -> {
            OptionSpec etcd = spec.findOption("--etcd");
            OptionSpec topo = spec.findOption("--topo");
            if (etcd != null || topo != null) {
                assertSame(etcd, topo, name + ": --etcd and --topo must be one option");
                withEtcd.add(name);
            }
        });
        assertEquals(new TreeSet<>(List.of("shardops apply", "shardops approve", "shardops confirm", "shardops failover-monitor", "shardops gateway", "shardops plan",
                "shardops reparent", "shardops revert", "shardops tablet", "shardops watch")), withEtcd);
        CommandLine.ParseResult parsed = new CommandLine(new ShardopsCommand()).parseArgs("approve", "--topo", "http://127.0.0.1:2379");
        assertEquals("http://127.0.0.1:2379", parsed.subcommand().matchedOptionValue("--etcd", ""));
    }

    @Test
    void sharedOptionsReadTheSameInEveryCommand() {
        Map<String, Set<String>> texts = new TreeMap<>();
        Map<String, Set<String>> commandsOf = new TreeMap<>();
        commands().forEach((words, spec) -> {
            if (words.equals(List.of("demo"))) {
                return; // the demo's --state-dir is its own throwaway cluster, with its own default
            }
            for (String option : List.of("--credentials", "--auto-approve", "--approve", "--state-dir", "--cluster")) {
                OptionSpec o = spec.findOption(option);
                if (o != null && !(option.equals("--cluster") && o.required())) {
                    texts.computeIfAbsent(option, k -> new TreeSet<>()).add(String.join(" ", o.description()));
                    commandsOf.computeIfAbsent(option, k -> new TreeSet<>()).add(name(words));
                }
            }
        });
        texts.forEach((option, set) -> assertEquals(1, set.size(), option + " is described differently in " + commandsOf.get(option) + ": " + set));
        assertEquals(Set.of("shardops apply", "shardops plan", "shardops approve", "shardops watch", "shardops up", "shardops down",
                "shardops status", "shardops node", "shardops credentials rotate", "shardops revert", "shardops confirm", "shardops reparent", "shardops failover-monitor",
                "shardops backup", "shardops backups", "shardops restore"),
                commandsOf.get("--state-dir"));
        assertEquals(Set.of("shardops apply", "shardops up", "shardops watch"), commandsOf.get("--auto-approve"));
        assertEquals(Set.of("shardops apply", "shardops watch"), commandsOf.get("--approve"));
    }

    @Test
    void helpSaysWhatAutoApproveAndWatchOnceReallyDo() {
        Run apply = shardops(NO_WRAPPING, List.of("apply", "--help"));
        String autoApprove = apply.out().lines().filter(l -> l.contains("--auto-approve ")).findFirst().orElse("");
        assertTrue(autoApprove.contains("confirmation question") && autoApprove.contains("--approve switch-primary,destroy"), apply.out());
        Run watch = shardops(NO_WRAPPING, List.of("watch", "--help"));
        String once = watch.out().lines().filter(l -> l.contains("--once ")).findFirst().orElse("");
        assertTrue(once.contains("0 applied") && once.contains("waiting for approval"), watch.out());
    }
}
