package io.shardops.reconciler.cli;

import io.shardops.planner.topology.TopologySource;
import io.shardops.reconciler.apply.Executor;
import io.shardops.reconciler.gitops.watch.Applier;
import io.shardops.reconciler.gitops.watch.ApprovalWakeup;
import io.shardops.reconciler.apply.StepDispatch;
import io.shardops.reconciler.gitops.watch.CommitInfo;
import io.shardops.reconciler.gitops.watch.EtcdWatchState;
import io.shardops.reconciler.gitops.watch.LoadedSpec;
import io.shardops.reconciler.gitops.watch.SpecAtCommit;
import io.shardops.reconciler.host.local.LocalCluster;
import io.shardops.reconciler.host.local.StateDir;
import io.shardops.reconciler.topo.TopoWatch;
import io.shardops.spec.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import io.shardops.reconciler.gitops.watch.ExecutorApplier;
import io.shardops.reconciler.gitops.watch.CommitSignatures;
import io.shardops.reconciler.gitops.watch.FileWatchState;
import io.shardops.reconciler.gitops.watch.GitException;
import io.shardops.reconciler.gitops.watch.ReadLimits;
import io.shardops.reconciler.gitops.watch.SpecRepository;
import io.shardops.reconciler.gitops.watch.WatchOutcome;
import io.shardops.reconciler.gitops.watch.WatchRecord;
import io.shardops.reconciler.gitops.watch.Watcher;
import io.shardops.reconciler.topo.EtcdTopoStore;
import io.shardops.reconciler.topo.EtcdTopologySource;
import io.shardops.reconciler.topo.TopoException;
import io.shardops.reconciler.gitops.server.ReconcilerServer;
import io.shardops.reconciler.gitops.server.WebOptions;
import io.shardops.reconciler.gitops.webhook.WebhookHandler;
import io.shardops.reconciler.gitops.webhook.WebhookSecret;
import io.shardops.reconciler.gitops.console.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code shardops watch}: the GitOps loop over a branch of a repository. */
@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Follow a branch: fetch on a timer and when a webhook says it moved; for each new head commit, load and validate"
                    + " the spec from the commit, plan, and apply (or, with --dry-run, report).",
            "An invalid commit is reported and never applied; a restart continues from the recorded state.",
            "Without --etcd or --provisioner kubernetes it applies to the local cluster of `shardops up` in --state-dir:"
                    + " every step kind runs, tablets through that cluster's node, as `apply` runs them.",
            "It runs until stopped. Exit status with --once: 0 when the head commit was applied, needed no changes, was planned"
                    + " (--dry-run) or waits for approval (see shardops approve); 1 when it was refused or failed, or when there"
                    + " is no outcome yet because the branch could not be fetched."
        })
public final class WatchCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "URL|PATH", description = "The repository to follow: a URL or a local path.")
    String repo;

    @Option(names = "--branch", paramLabel = "BRANCH", defaultValue = "main", description = "The branch whose head is the desired state (default: ${DEFAULT-VALUE}).")
    String branch;

    @Option(names = "--path", defaultValue = "", paramLabel = "PATH", description = "The spec in the repository: a file or a folder (default: the root).")
    String path;

    @Option(names = "--interval", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between fetches, e.g. 30s, 5m, 500ms (default: ${DEFAULT-VALUE}); each is jittered by up to a tenth.")
    Duration interval;

    @Option(names = "--dry-run", description = "Plan and report every new commit; apply nothing. Without --etcd or a local cluster,"
            + " plans against the last good commit's spec.")
    boolean dryRun;

    @Option(names = "--webhook-port", paramLabel = "N", description = "Serve GET /api/status, the console and (with --webhook-secret-file)"
            + " POST /webhook on this port (0: any free port).")
    Integer webhookPort;

    @Option(names = "--listen", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address the HTTP server binds (default: ${DEFAULT-VALUE}).")
    String listenHost;

    @Option(names = "--allowed-host", paramLabel = "NAME", description = "A host name clients use to reach the HTTP server"
            + " (the webhook URL's host, the console's); repeatable. Loopback names and the --listen address are always allowed;"
            + " a request addressed to any other name is refused (421).")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--webhook-secret-file", paramLabel = "FILE", description = "File holding the webhook's secret; without it POST /webhook is not served.")
    Path webhookSecretFile;

    @Option(names = "--console-token-file", paramLabel = "FILE", description = "File holding the token that lets console users approve gated steps; without it the console at / is read-only.")
    Path consoleTokenFile;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "The watcher's own folder: the mirror and the state file (default: ~/.shardops/watch/<repo hash>).")
    Path workDir;

    @Mixin
    ProvisionerOption provisioning = new ProvisionerOption();

    @Mixin
    EtcdOption etcd = new EtcdOption();

    @Mixin
    AutoApproveOption autoApprove = new AutoApproveOption();

    @Mixin
    ApproveOption approve = new ApproveOption();

    @Option(names = "--verify-signatures", description = "Apply a new head only if it and every commit since the last applied one (all parents of merges) are signed (OpenPGP)"
            + " by a key in --trusted-keys that is neither revoked nor expired.")
    boolean verifySignatures;

    @Option(names = "--trusted-keys", paramLabel = "FILE", description = "Public keys to trust, as written by gpg --export --armor KEYID...")
    Path trustedKeysFile;

    @Mixin
    StateDirOption stateDir = new StateDirOption();

    @Mixin
    ClusterOption cluster = new ClusterOption();

    @Option(names = "--self-heal", description = "Correct drift: when the live topology no longer matches the last applied commit,"
            + " apply that commit's spec again (without it drift is reported only; the spec's policy.selfHeal does the same).")
    boolean selfHeal;

    @Option(names = "--once", description = "Poll once, print the outcome and exit: 0 applied, no changes, planned (--dry-run)"
            + " or waiting for approval; 1 refused, failed, or no outcome yet (the branch could not be fetched).")
    boolean once;

    @Override
    public Integer call() throws IOException {
        provisioning.kubernetes();  // a bad --provisioner is a usage error before anything is fetched
        if ((webhookSecretFile != null || consoleTokenFile != null) && webhookPort == null) {
            throw new UserException("--webhook-secret-file and --console-token-file need --webhook-port: the webhook and the console are served on that port", 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> log = line -> {
            synchronized (out) {
                out.println(LocalTime.now(ZoneOffset.UTC).format(TIME) + " " + line);
                out.flush();
            }
        };
        Optional<WebhookSecret> secret = Optional.empty();
        if (webhookSecretFile != null) {
            try {
                secret = Optional.of(WebhookSecret.readFrom(webhookSecretFile));
            } catch (IOException | IllegalArgumentException e) {
                throw new UserException("cannot use --webhook-secret-file: " + e.getMessage(), 2);
            }
        }
        if (verifySignatures != (trustedKeysFile != null)) {
            throw new UserException("--verify-signatures and --trusted-keys FILE go together: the file names the keys whose commits are applied", 2);
        }
        Optional<CommitSignatures> trustedKeys = Optional.empty();
        if (verifySignatures) {
            try {
                trustedKeys = Optional.of(CommitSignatures.readTrustedKeys(trustedKeysFile));
            } catch (IOException | IllegalArgumentException e) {
                throw new UserException("cannot use --trusted-keys: " + e.getMessage(), 2);
            }
        }
        Path dir = workDir != null ? workDir : defaultWorkDir(repo);
        SpecRepository repository;
        try {
            repository = SpecRepository.mirror(repo, dir.resolve("mirror.git"));
        } catch (GitException e) {
            throw new UserException(e.getMessage());
        }
        Watcher.Options options = new Watcher.Options(branch, path, interval, dryRun, ReadLimits.DEFAULT, trustedKeys, selfHeal);
        EtcdTopoStore store = null;
        Watcher watcher;
        TopoWatch approvals = null;
        try {
            Optional<LocalCluster> local = etcd.given() || provisioning.kubernetes() ? Optional.empty() : localCluster();
            String endpoints = etcd.given() ? etcd.endpoints.trim()
                    : local.isPresent() ? local.get().config().etcdEndpoint() : dryRun ? null : LiveTopology.endpoints(null);
            EtcdAccess access = endpoints == null ? null
                    : local.isPresent() ? new EtcdAccess(endpoints, Optional.of(local.get().credentials()))
                    : LiveTopology.access(endpoints, stateDir.dir, etcd.credentials);
            if (endpoints == null) {
                watcher = new Watcher(repository, options, Optional.empty(), Applier.DRY_RUN,
                        new FileWatchState(dir.resolve("state.json")), log, Clock.systemUTC());
            } else if (dryRun) {
                // a dry run keeps its record apart: sharing the real watcher's would make its reports look applied
                store = access.connect();
                watcher = new Watcher(repository, options, Optional.of(new EtcdTopologySource(store)), Applier.DRY_RUN,
                        new FileWatchState(dir.resolve("state.json")), log, Clock.systemUTC());
            } else {
                store = access.connect();
                String clusterName = local.isPresent() ? local.get().config().cluster() : clusterOfHead(repository, options);
                Function<Cluster, StepDispatch> dispatch = provisioning.kubernetes() ? provisioning.kubernetesDispatch(access.tabletManagers(), out)
                        : local.isPresent() ? LocalApply.dispatch(local.get(), out)
                        : desired -> LocalApply.withoutProvisioner(access.tabletManagers(), out);
                watcher = clusterWatcher(repository, options, store, clusterName, dispatch,
                        Executor.Options.DEFAULT.approving(autoApprove.on, approve.set()), out, log);
                approvals = ApprovalWakeup.start(store, clusterName, watcher);
            }
        } catch (IllegalStateException | IllegalArgumentException | TopoException | UserException e) {
            if (store != null) {
                store.close();
            }
            repository.close();
            throw e instanceof UserException ue ? ue : new UserException(e.getMessage());
        }
        TopoWatch approvalsWatch = approvals;
        EtcdTopoStore topoStore = store;
        log.accept("watching " + repo + " branch " + branch + (path.isEmpty() ? "" : " path " + path)
                + " every " + interval.toMillis() + " ms" + (dryRun ? " (dry run)" : "") + "; work dir " + dir
                + (topoStore == null ? "; planning against the last good commit (no --etcd)" : "; live topology from etcd")
                + (selfHeal ? "; self-heal: drift is corrected" : "")
                + trustedKeys.map(k -> "; only commits signed by " + k.keyCount() + " trusted key(s)").orElse(""));
        if (once) {
            try (repository; watcher) {
                WatchRecord r = watcher.pollOnce();
                return r.outcome().map(o -> o.good() || o == WatchOutcome.WAITING_FOR_APPROVAL ? 0 : 1).orElse(1);
            } finally {
                closeQuietly(approvalsWatch);
                closeQuietly(topoStore);
            }
        }
        ReconcilerServer server = null;
        if (webhookPort != null) {
            Optional<WebhookHandler> webhook = secret.map(s -> new WebhookHandler(s, branch, push -> watcher.pollSoon()));
            try {
                server = ReconcilerServer.start(listenHost, webhookPort, webhook, watcher::status,
                        Optional.of(Console.forWatch(topoStore, consoleTokenFile, watcher::status)),
                        WebOptions.defaults(listenHost, allowedHosts));
            } catch (IllegalStateException e) {
                closeQuietly(approvalsWatch);
                watcher.close();
                repository.close();
                closeQuietly(topoStore);
                throw new UserException(e.getMessage());
            }
            log.accept("console at http://" + listenHost + ":" + server.port() + "/ (" + (consoleTokenFile == null ? "read-only" : "approvals with the token") + ")");
            log.accept("http://" + listenHost + ":" + server.port() + "/api/status"
                    + (webhook.isPresent() ? ", webhook at POST /webhook" : " (no webhook: no --webhook-secret-file)"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ReconcilerServer running = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (running != null) {
                running.close();
            }
            closeQuietly(approvalsWatch);
            watcher.close();
            repository.close();
            closeQuietly(topoStore);
            stopped.countDown();
        }, "shardops-watch-stop"));
        watcher.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // shutting down: nothing left to tell
            }
        }
    }

    /**
     * The watcher of a cluster in {@code store}: its record and history in etcd beside the cluster, so a
     * restart (anywhere, with the same etcd) continues from there; plans applied by the executor.
     */
    static Watcher clusterWatcher(SpecRepository repository, Watcher.Options options, EtcdTopoStore store, String cluster,
            Function<Cluster, StepDispatch> dispatch, Executor.Options executor, PrintWriter out, Consumer<String> log) {
        Applier applier = new ExecutorApplier(store, dispatch, executor, Clock.systemUTC(), out);
        return new Watcher(repository, options, Optional.of(new EtcdTopologySource(store)), applier,
                new EtcdWatchState(store, cluster, options.branch(), options.specPath()), log, Clock.systemUTC());
    }

    /** The local cluster of `shardops up` in --state-dir (or $SHARDOPS_HOME, ./.shardops), if one was started there. */
    private Optional<LocalCluster> localCluster() {
        StateDir dir = stateDir.resolve();
        try {
            Optional<LocalCluster> local = LocalCluster.existing(dir);
            if (local.isEmpty() && stateDir.dir != null) {
                throw new UserException("no local cluster in " + dir.localJson() + "; start one with shardops up --state-dir " + stateDir.dir, 2);
            }
            return local;
        } catch (IOException e) {
            throw new UserException("cannot read the local cluster's state in " + dir.localJson() + ": " + e.getMessage());
        }
    }

    /** --cluster, else the cluster the branch head's spec names: where in etcd the watcher keeps its record. */
    private String clusterOfHead(SpecRepository repository, Watcher.Options options) {
        if (cluster.given() != null) {
            return cluster.given();
        }
        try {
            repository.fetch();
            CommitInfo head = repository.branchHead(options.branch());
            LoadedSpec spec = SpecAtCommit.load(repository, head, options.specPath(), options.limits());
            return spec.cluster().map(Cluster::name).orElseThrow(() -> new UserException("cannot tell which cluster this watches: the spec at "
                    + head.shortId() + " is invalid (" + String.join("; ", spec.errors()) + "); pass --cluster NAME", 2));
        } catch (GitException e) {
            throw new UserException("cannot tell which cluster this watches: " + e.getMessage() + "; pass --cluster NAME", 2);
        }
    }

    static Path defaultWorkDir(String repo) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(repo.getBytes(StandardCharsets.UTF_8));
            return Path.of(System.getProperty("user.home"), ".shardops", "watch", HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms}, or a number of seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                } else if (v.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                } else if (v.endsWith("m")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
                } else if (v.endsWith("h")) {
                    return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 30s, 5m or 500ms");
            }
        }
    }
}
