package io.shardops.reconciler.cli;

import io.shardops.reconciler.provision.kubernetes.ClusterManifests;
import io.shardops.reconciler.provision.kubernetes.KubernetesOptions;
import io.shardops.reconciler.provision.kubernetes.ManifestException;
import io.shardops.reconciler.provision.kubernetes.KubernetesOptions.Resources;
import io.shardops.reconciler.provision.kubernetes.ManifestYaml;
import io.shardops.spec.Cluster;
import io.shardops.spec.Problem;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardops render SPEC --target kubernetes}: the objects that run the cluster, offline, for review or kubectl. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Print the Kubernetes objects that run the cluster SPEC describes, as multi-document YAML for `kubectl apply -f -`.",
            "Nothing is contacted: the output depends only on SPEC and the options, in a stable order.",
            "Objects: a root ConfigMap, etcd (unless --etcd-endpoints), a headless Service for the tablets, per cell a gateway"
                    + " Deployment and Service, per shard and cell a StatefulSet per tablet type (mysqld + tablet containers),"
                    + " and with --git-repo the reconciler with its ServiceAccount, Role and RoleBinding.",
            "Exit status: 0 rendered; 1 invalid spec or option (errors as FILE:LINE:COL: error: MESSAGE)."
        })
public final class RenderCommand implements Callable<Integer> {
    enum Target { kubernetes }

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec: a file, or a folder with one Cluster file and Keyspace files.")
    Path specPath;

    @Option(names = "--target", required = true, paramLabel = "TARGET", description = "What to render for: kubernetes.")
    Target target;

    @Option(names = "--namespace", defaultValue = KubernetesOptions.DEFAULT_NAMESPACE, paramLabel = "NS",
            description = "Namespace of every object (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--image", defaultValue = KubernetesOptions.DEFAULT_IMAGE, paramLabel = "IMAGE",
            description = "The shardops image for reconciler, gateway and tablet containers (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--mariadb-image", defaultValue = KubernetesOptions.DEFAULT_MARIADB_IMAGE, paramLabel = "IMAGE",
            description = "The image of each tablet's mysqld container (default: ${DEFAULT-VALUE}).")
    String mariadbImage;

    @Option(names = "--etcd-image", defaultValue = KubernetesOptions.DEFAULT_ETCD_IMAGE, paramLabel = "IMAGE",
            description = "The image of the in-cluster etcd (default: ${DEFAULT-VALUE}).")
    String etcdImage;

    @Option(names = "--etcd-endpoints", split = ",", paramLabel = "URL",
            description = "Use this existing etcd (client URLs, comma-separated) instead of running one in the namespace.")
    List<String> etcdEndpoints = new ArrayList<>();

    @Option(names = "--storage-size", defaultValue = "10Gi", paramLabel = "QUANTITY",
            description = "Size of each tablet's data volume (default: ${DEFAULT-VALUE}).")
    String storageSize;

    @Option(names = "--storage-class", paramLabel = "CLASS", description = "Storage class of the data volumes (default: the cluster's default).")
    String storageClass;

    @Option(names = "--mysqld-resources", paramLabel = "cpu=Q,memory=Q",
            description = "Requests of each mysqld container (memory is also the limit); default none, as on minikube.")
    String mysqldResources;

    @Option(names = "--tablet-resources", paramLabel = "cpu=Q,memory=Q", description = "Requests of each tablet container.")
    String tabletResources;

    @Option(names = "--gateway-resources", paramLabel = "cpu=Q,memory=Q", description = "Requests of each gateway container.")
    String gatewayResources;

    @Option(names = "--git-repo", paramLabel = "URL", description = "Also run the reconciler in the namespace, following this Git repository.")
    String gitRepo;

    @Option(names = "--git-branch", defaultValue = "main", paramLabel = "BRANCH", description = "Branch the reconciler follows (default: ${DEFAULT-VALUE}).")
    String gitBranch;

    @Option(names = "--git-path", defaultValue = ".", paramLabel = "DIR", description = "Folder of the spec in the repository (default: ${DEFAULT-VALUE}).")
    String gitPath;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the manifests to FILE instead of standard output.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stderr = spec.commandLine().getErr();
        LoadResult loaded = SpecLoader.load(specPath);
        if (!loaded.isValid()) {
            List<Problem> problems = loaded.problems();
            problems.forEach(p -> stderr.println(p.render()));
            stderr.println(problems.size() + (problems.size() == 1 ? " error" : " errors") + " in " + specPath + "; nothing was rendered");
            stderr.flush();
            return 1;
        }
        Cluster cluster = loaded.cluster().orElseThrow();
        String yaml;
        try {
            yaml = ManifestYaml.write(ClusterManifests.render(cluster, options()));
        } catch (ManifestException e) {
            stderr.println(e.render());
            stderr.println("1 error in " + specPath + "; nothing was rendered");
            stderr.flush();
            return 1;
        } catch (IllegalArgumentException e) {
            throw new UserException(specPath + ": " + e.getMessage());
        }
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(yaml);
            stdout.flush();
        } else {
            try {
                Files.writeString(out, yaml, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new UserException("cannot write " + out + ": its folder does not exist; create it or choose another --out");
            } catch (IOException e) {
                throw new UserException("cannot write " + out + " (" + e.getClass().getSimpleName() + "); check the folder is writable");
            }
        }
        return 0;
    }

    private KubernetesOptions options() {
        return new KubernetesOptions(namespace, image, mariadbImage, etcdImage, etcdEndpoints, storageSize, storageClass,
                resources("--mysqld-resources", mysqldResources), resources("--tablet-resources", tabletResources),
                resources("--gateway-resources", gatewayResources), gitRepo, gitBranch, gitPath);
    }

    private static Resources resources(String option, String text) {
        try {
            return Resources.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(option + ": " + e.getMessage());
        }
    }
}
