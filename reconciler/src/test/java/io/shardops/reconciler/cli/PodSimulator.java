package io.shardops.reconciler.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.shardops.dataplane.files.FileTrees;
import io.shardops.dataplane.mysqlctl.Mysqld;
import io.shardops.dataplane.mysqlctl.MysqldConfig;
import io.shardops.dataplane.process.FreePorts;
import io.shardops.reconciler.provision.kubernetes.Names;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * What the kubelet and the StatefulSet controller would do with the tablet pools a provisioner writes to
 * an API server that has neither (fabric8's mock server): for each pod of each tablet StatefulSet it
 * starts the pod's two containers on this machine, a MariaDB as the {@code mysqld} sidecar and the
 * {@code shardops tablet} role parsed from the container's own command line; it creates the pod's data
 * claim as the controller does, stops pods beyond the replica count (their data stays), and deletes a
 * pod's data only when its claim is deleted. Only what cannot run here is replaced: the pod's DNS name by
 * 127.0.0.1, its fixed ports by free ones, the etcd Service by the test's etcd, the data volume's mount path by
 * the sidecar's datadir.
 */
final class PodSimulator implements AutoCloseable {
    private static final Pattern UID = Pattern.compile("\\$\\(\\((\\d+) \\+ \\$\\{HOSTNAME##\\*-}\\)\\)");

    private final KubernetesClient client;
    private final String namespace;
    private final String etcdEndpoint;
    private final Path root;
    private final Map<String, Pod> running = new LinkedHashMap<>();
    private final Set<String> started = new HashSet<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pod-simulator");
        t.setDaemon(true);
        return t;
    });
    private volatile Throwable failure;

    private record Pod(String name, Mysqld mysqld, TabletCommand.Running tablet) {}

    /** The cluster's credentials Secret, as the pods mount it: a file of mode 0600. */
    private final Path credentialsFile;

    PodSimulator(KubernetesClient client, String namespace, String etcdEndpoint, Path root, Path credentialsFile) {
        this.credentialsFile = credentialsFile;
        this.client = client;
        this.namespace = namespace;
        this.etcdEndpoint = etcdEndpoint;
        this.root = root;
    }

    PodSimulator start() {
        loop.scheduleWithFixedDelay(this::reconcileQuietly, 0, 200, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The pods started so far (each name once, restarts not counted again). */
    synchronized Set<String> podsEverStarted() {
        return Set.copyOf(started);
    }

    synchronized Set<String> podsRunning() {
        return Set.copyOf(running.keySet());
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8) + (failure == null ? "" : "\nsimulator failure: " + failure);
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (Throwable t) {
            failure = t;
            out.println("pod simulator: " + t);
        }
    }

    private synchronized void reconcile() throws Exception {
        Set<String> wanted = new HashSet<>();
        for (StatefulSet sts : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
            if (!Names.COMPONENT_TABLET.equals(
                    sts.getMetadata().getLabels().get(Names.LABEL_COMPONENT))) {
                continue;
            }
            int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
            for (int ordinal = 0; ordinal < replicas; ordinal++) {
                String pod = sts.getMetadata().getName() + "-" + ordinal;
                wanted.add(pod);
                if (!running.containsKey(pod)) {
                    running.put(pod, startPod(sts, pod));
                    started.add(pod);
                }
            }
        }
        for (String pod : new ArrayList<>(running.keySet())) {
            if (!wanted.contains(pod)) {
                stopPod(running.remove(pod));
            }
        }
        // a deleted claim takes its pod's data with it
        Set<String> claims = new HashSet<>();
        client.persistentVolumeClaims().inNamespace(namespace).list().getItems().forEach(c -> claims.add(c.getMetadata().getName()));
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                String pod = d.getFileName().toString();
                if (!claims.contains(claimOf(pod)) && !running.containsKey(pod)) {
                    FileTrees.deleteRecursively(d);
                }
            }
        }
    }

    private static String claimOf(String pod) {
        return "data-" + pod;
    }

    private Pod startPod(StatefulSet sts, String pod) throws Exception {
        ensureClaim(sts, pod);
        List<Container> containers = sts.getSpec().getTemplate().getSpec().getContainers();
        String tabletCommand = shellCommand(containers, "tablet").replace("${HOSTNAME}", pod);
        Matcher uid = UID.matcher(tabletCommand);
        if (!uid.find()) {
            throw new IllegalStateException("the tablet container's command has no uid expression: " + tabletCommand);
        }
        int ordinal = Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1));
        int tabletUid = Integer.parseInt(uid.group(1)) + ordinal;
        String args = uid.replaceAll(Integer.toString(tabletUid));
        args = args.substring(args.indexOf(" tablet ") + " tablet ".length());

        Path dir = root.resolve(pod);
        Mysqld mysqld = new Mysqld(MysqldConfig.forTablet(tabletUid, dir.resolve("mysqld"), FreePorts.one()));
        mysqld.start();
        // the MariaDB image's entrypoint lets root in from loopback without a password (MARIADB_ROOT_HOST=127.0.0.1)
        try (Connection c = mysqld.connectAdmin(null); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            st.execute("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION");
        }
        String line = args
                .replaceAll("--topo=\\S+", "--topo=" + etcdEndpoint)
                .replaceAll("--credentials=\\S+", "--credentials=" + credentialsFile)
                .replaceAll("--mysql-port=\\d+", "--mysql-port=" + mysqld.port())
                // the pod's data volume, which both containers mount, is the sidecar's datadir
                .replaceAll("--mysql-datadir=\\S+", "--mysql-datadir=" + mysqld.config().dataDir())
                .replaceAll("--port=\\d+", "--port=" + FreePorts.one())
                .replaceAll("--hostname=\\S+", "--hostname=127.0.0.1")
                + " --query-port=" + FreePorts.one() + " --listen=127.0.0.1 --tablet-dir=" + Files.createDirectories(dir.resolve("tablet"));
        TabletCommand command = new TabletCommand();
        new CommandLine(command).parseArgs(line.trim().split("\\s+"));
        try {
            return new Pod(pod, mysqld, command.start(out));
        } catch (Exception e) {
            mysqld.stop();
            throw e;
        }
    }

    private void ensureClaim(StatefulSet sts, String pod) {
        if (client.persistentVolumeClaims().inNamespace(namespace).withName(claimOf(pod)).get() != null) {
            return;
        }
        PersistentVolumeClaim template = sts.getSpec().getVolumeClaimTemplates().get(0);
        client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder(template)
                .editMetadata().withName(claimOf(pod)).withNamespace(namespace).endMetadata().build()).create();
    }

    private static String shellCommand(List<Container> containers, String name) {
        Container c = containers.stream().filter(x -> x.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " container"));
        List<String> cmd = c.getCommand();
        if (cmd.size() != 3 || !cmd.get(0).equals("sh") || !cmd.get(1).equals("-c")) {
            throw new IllegalStateException("the " + name + " container's command is not sh -c ...: " + cmd);
        }
        return cmd.get(2);
    }

    private void stopPod(Pod pod) {
        pod.tablet().close();
        pod.mysqld().stop();
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            running.values().forEach(this::stopPod);
            running.clear();
        }
    }
}
