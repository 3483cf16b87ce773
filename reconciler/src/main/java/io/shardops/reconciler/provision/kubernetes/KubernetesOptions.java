package io.shardops.reconciler.provision.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * How a cluster is laid out on Kubernetes, beyond what its spec says: where, with which
 * images, how much storage, and whether etcd and the reconciler run inside.
 *
 * @param namespace       where every object goes
 * @param image           the shardops image (reconciler, gateway and tablet roles)
 * @param mariadbImage    the image of each tablet's mysqld container
 * @param etcdImage       the image of the in-cluster etcd
 * @param etcdEndpoints   client URLs of an existing etcd; empty: run one as a StatefulSet
 * @param storageSize     size of each tablet's data volume (a Kubernetes quantity)
 * @param storageClass    storage class of the data volumes; null: the cluster's default
 * @param mysqld          resources of each mysqld container
 * @param tablet          resources of each tablet container
 * @param gateway         resources of each gateway container
 * @param gitRepo         the Git repository the in-cluster reconciler follows; null: no reconciler is rendered
 * @param gitBranch       its branch
 * @param gitPath         the folder of the spec inside the repository
 */
public record KubernetesOptions(
        String namespace,
        String image,
        String mariadbImage,
        String etcdImage,
        List<String> etcdEndpoints,
        String storageSize,
        String storageClass,
        Resources mysqld,
        Resources tablet,
        Resources gateway,
        String gitRepo,
        String gitBranch,
        String gitPath) {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final String DEFAULT_IMAGE = "shardops/shardops:latest";
    public static final String DEFAULT_MARIADB_IMAGE = "mariadb:10.11";
    public static final String DEFAULT_ETCD_IMAGE = "quay.io/coreos/etcd:v3.5.17";
    public static final KubernetesOptions DEFAULT = new KubernetesOptions(
            DEFAULT_NAMESPACE, DEFAULT_IMAGE, DEFAULT_MARIADB_IMAGE, DEFAULT_ETCD_IMAGE, List.of(),
            "10Gi", null, Resources.NONE, Resources.NONE, Resources.NONE, null, "main", ".");

    public KubernetesOptions {
        etcdEndpoints = List.copyOf(etcdEndpoints);
    }

    /**
     * These options as the root ConfigMap's data, so a reconciler started inside the cluster
     * provisions with the options the cluster was rendered with ({@link #fromData}).
     */
    public Map<String, String> toData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("namespace", namespace);
        data.put("image", image);
        data.put("mariadbImage", mariadbImage);
        data.put("etcdImage", etcdImage);
        data.put("etcdEndpoints", String.join(",", etcdEndpoints));
        data.put("storageSize", storageSize);
        data.put("storageClass", storageClass == null ? "" : storageClass);
        data.put("mysqldResources", mysqld.text());
        data.put("tabletResources", tablet.text());
        data.put("gatewayResources", gateway.text());
        data.put("gitRepo", gitRepo == null ? "" : gitRepo);
        data.put("gitBranch", gitBranch);
        data.put("gitPath", gitPath);
        return data;
    }

    /** Reads {@link #toData}; a missing key keeps the default. */
    public static KubernetesOptions fromData(Map<String, String> data) {
        KubernetesOptions d = DEFAULT;
        BiFunction<String, String, String> get = (key, fallback) -> {
            String v = data.get(key);
            return v == null ? fallback : v;
        };
        String endpoints = get.apply("etcdEndpoints", "");
        String storageClass = get.apply("storageClass", "");
        String gitRepo = get.apply("gitRepo", "");
        return new KubernetesOptions(
                get.apply("namespace", d.namespace), get.apply("image", d.image),
                get.apply("mariadbImage", d.mariadbImage), get.apply("etcdImage", d.etcdImage),
                endpoints.isEmpty() ? List.of() : List.of(endpoints.split(",")),
                get.apply("storageSize", d.storageSize), storageClass.isEmpty() ? null : storageClass,
                Resources.parse(get.apply("mysqldResources", "none")), Resources.parse(get.apply("tabletResources", "none")),
                Resources.parse(get.apply("gatewayResources", "none")),
                gitRepo.isEmpty() ? null : gitRepo, get.apply("gitBranch", d.gitBranch), get.apply("gitPath", d.gitPath));
    }

    /** True when etcd runs inside the cluster's namespace. */
    public boolean runsEtcd() {
        return etcdEndpoints.isEmpty();
    }

    public KubernetesOptions withNamespace(String ns) {
        return new KubernetesOptions(ns, image, mariadbImage, etcdImage, etcdEndpoints, storageSize, storageClass,
                mysqld, tablet, gateway, gitRepo, gitBranch, gitPath);
    }

    public KubernetesOptions withImage(String img) {
        return new KubernetesOptions(namespace, img, mariadbImage, etcdImage, etcdEndpoints, storageSize, storageClass,
                mysqld, tablet, gateway, gitRepo, gitBranch, gitPath);
    }

    public KubernetesOptions withEtcdEndpoints(List<String> endpoints) {
        return new KubernetesOptions(namespace, image, mariadbImage, etcdImage, endpoints, storageSize, storageClass,
                mysqld, tablet, gateway, gitRepo, gitBranch, gitPath);
    }

    public KubernetesOptions withGit(String repo, String branch, String path) {
        return new KubernetesOptions(namespace, image, mariadbImage, etcdImage, etcdEndpoints, storageSize, storageClass,
                mysqld, tablet, gateway, repo, branch, path);
    }

    public KubernetesOptions withStorage(String size, String className) {
        return new KubernetesOptions(namespace, image, mariadbImage, etcdImage, etcdEndpoints, size, className,
                mysqld, tablet, gateway, gitRepo, gitBranch, gitPath);
    }

    public KubernetesOptions withResources(Resources mysqldResources, Resources tabletResources, Resources gatewayResources) {
        return new KubernetesOptions(namespace, image, mariadbImage, etcdImage, etcdEndpoints, storageSize, storageClass,
                mysqldResources, tabletResources, gatewayResources, gitRepo, gitBranch, gitPath);
    }

    /**
     * CPU and memory of one container: requested, and memory also as the limit. Null parts are
     * left out, so {@link #NONE} lets the node give what it has (as the reference does on minikube).
     */
    public record Resources(String cpu, String memory) {
        public static final Resources NONE = new Resources(null, null);

        public boolean none() {
            return cpu == null && memory == null;
        }

        /** The form {@link #parse} reads: {@code cpu=500m,memory=1Gi}, or {@code none}. */
        public String text() {
            if (none()) {
                return "none";
            }
            List<String> parts = new ArrayList<>();
            if (cpu != null) {
                parts.add("cpu=" + cpu);
            }
            if (memory != null) {
                parts.add("memory=" + memory);
            }
            return String.join(",", parts);
        }

        /** Parses {@code cpu=500m,memory=1Gi} (either part optional; empty or {@code none} for none). */
        public static Resources parse(String text) {
            if (text == null || text.isBlank() || text.equals("none")) {
                return NONE;
            }
            String cpu = null;
            String memory = null;
            for (String part : text.split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length != 2 || kv[1].isBlank()) {
                    throw new IllegalArgumentException("'" + part.trim() + "' is not KEY=QUANTITY; write like cpu=500m,memory=1Gi");
                }
                switch (kv[0].trim()) {
                    case "cpu" -> cpu = kv[1].trim();
                    case "memory" -> memory = kv[1].trim();
                    default -> throw new IllegalArgumentException("unknown resource '" + kv[0].trim() + "'; use cpu and memory");
                }
            }
            return new Resources(cpu, memory);
        }
    }
}
