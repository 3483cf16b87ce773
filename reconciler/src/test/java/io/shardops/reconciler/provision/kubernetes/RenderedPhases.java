package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.shardops.spec.Cluster;
import io.shardops.spec.load.LoadResult;
import io.shardops.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every example spec of the repository, rendered with default options and with every option set. */
final class RenderedPhases {
    private RenderedPhases() {}

    static final KubernetesOptions ALL_OPTIONS = KubernetesOptions.DEFAULT
            .withNamespace("shop")
            .withImage("registry.example/shardops:1.0")
            .withStorage("1Gi", "local-path")
            .withResources(KubernetesOptions.Resources.parse("cpu=500m,memory=1Gi"),
                    KubernetesOptions.Resources.parse("cpu=100m,memory=256Mi"),
                    KubernetesOptions.Resources.parse("memory=128Mi"))
            .withGit("https://git.example/shop/db.git", "main", "clusters/demo");

    static Path repoRoot() {
        String root = System.getProperty("repo.root");
        Path p = root == null ? Path.of("").toAbsolutePath() : Path.of(root);
        return Files.isDirectory(p.resolve("reconciler")) ? p : p.getParent();
    }

    private static Map<String, Cluster> clusters;
    private static Map<String, List<HasMetadata>> renderings;

    /** Each example cluster by a readable name: the phase files, the final layout, and a static-auth NodePort variant. */
    static synchronized Map<String, Cluster> clusters() {
        if (clusters == null) {
            clusters = load();
        }
        return clusters;
    }

    private static Map<String, Cluster> load() {
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        for (LoadResult r : SpecLoader.loadAll(repoRoot().resolve("examples/phases"), repoRoot().resolve("examples/final"))) {
            String file = Path.of(r.files().get(0)).getFileName().toString();
            clusters.put(file, r.orThrow());
        }
        clusters.put("backups", SpecLoader.load(repoRoot().resolve("reconciler/src/test/resources/kubernetes-specs/backups.yaml")).orThrow());
        clusters.put("static-auth-nodeport", ReferenceClusters.cluster(ReferenceClusters.staticAuthNodePort(),
                ReferenceClusters.keyspace("commerce", "0"), ReferenceClusters.keyspace("customer", "-80", "80-")));
        return clusters;
    }

    /** Every rendering: each cluster with the default options, with every option, and with an external etcd. */
    static synchronized Map<String, List<HasMetadata>> renderings() {
        if (renderings == null) {
            renderings = render();
        }
        return renderings;
    }

    private static Map<String, List<HasMetadata>> render() {
        Map<String, List<HasMetadata>> out = new LinkedHashMap<>();
        clusters().forEach((name, cluster) -> {
            out.put(name + " (defaults)", ClusterManifests.render(cluster, KubernetesOptions.DEFAULT));
            out.put(name + " (all options)", ClusterManifests.render(cluster, ALL_OPTIONS));
            out.put(name + " (external etcd)", ClusterManifests.render(cluster,
                    KubernetesOptions.DEFAULT.withEtcdEndpoints(List.of("http://etcd.infra:2379"))));
        });
        return out;
    }

    static List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>();
        renderings().values().forEach(all::addAll);
        return all;
    }
}
