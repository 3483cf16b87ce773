package io.shardops.reconciler.provision.kubernetes;

import io.shardops.spec.TabletType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The names and labels of every object shardops puts on Kubernetes. Names are predictable
 * ({@code demo-zone1-customer-x-80-rdonly}) so a person can find a shard's pods with
 * {@code kubectl get pods}, and labels are the selectors the provisioner itself uses.
 */
public final class Names {
    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    public static final String LABEL_PART_OF = "app.kubernetes.io/part-of";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String LABEL_CELL = "shardops.io/cell";
    public static final String LABEL_KEYSPACE = "shardops.io/keyspace";
    public static final String LABEL_SHARD = "shardops.io/shard";
    public static final String LABEL_TABLET_TYPE = "shardops.io/tablet-type";
    /** The shard name exactly as the spec writes it, which a label value cannot always hold. */
    public static final String ANNOTATION_SHARD = "shardops.io/shard-name";

    public static final String COMPONENT_CLUSTER = "cluster";
    public static final String COMPONENT_TABLET = "tablet";
    public static final String COMPONENT_GATEWAY = "gateway";
    public static final String COMPONENT_ETCD = "etcd";
    public static final String COMPONENT_RECONCILER = "reconciler";
    public static final String COMPONENT_FAILOVER_MONITOR = "failover-monitor";

    /**
     * A StatefulSet's pods carry a {@code controller-revision-hash} label of its name plus an
     * 11-character suffix, and label values stop at 63 characters.
     */
    static final int MAX_STATEFULSET_NAME = 52;
    private static final int MAX_NAME = 63;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private final String cluster;

    public Names(String cluster) {
        this.cluster = dnsPart(cluster, "cluster name");
    }

    public String cluster() {
        return cluster;
    }

    /** The root object: every other object the provisioner creates is owned by it. */
    public String root() {
        return cluster;
    }

    public String etcd() {
        return cluster + "-etcd";
    }

    /** The headless Service that gives every tablet pod a stable DNS name. */
    public String tabletsService() {
        return cluster + "-tablets";
    }

    public String gateway(String cell) {
        return checked(cluster + "-" + dnsPart(cell, "cell name") + "-gateway", MAX_NAME);
    }

    public String gatewayUsersSecret(String cell) {
        return checked(gateway(cell) + "-users", MAX_NAME);
    }

    /** The {@code kubernetes.io/tls} Secret (keys tls.crt, tls.key) a cell's gateways serve TLS with. */
    public String gatewayTlsSecret(String cell) {
        return checked(gateway(cell) + "-tls", MAX_NAME);
    }

    /** The Secret with the cluster's credentials ({@code credentials.json}), created once by the provisioner. */
    public String credentialsSecret() {
        return cluster + "-credentials";
    }

    /** The NetworkPolicy that lets only this cluster's pods reach its tablets and etcd. */
    public String internalPolicy() {
        return cluster + "-internal";
    }

    public String reconciler() {
        return cluster + "-reconciler";
    }

    /** The failover monitor's Deployment (and the NetworkPolicy that keeps everything out of its pod). */
    public String failoverMonitor() {
        return cluster + "-failover-monitor";
    }

    /** The ConfigMap with the spec's backup policy, resolved per keyspace, that the failover monitor's pod schedules. */
    public String backupPolicy() {
        return cluster + "-backup-policy";
    }

    /** The StatefulSet of one tablet pool: {@code <cluster>-<cell>-<keyspace>-<shard>-<type>}. */
    public String tabletPool(String cell, String keyspace, String shard, TabletType type) {
        return checked(String.join("-", cluster, dnsPart(cell, "cell name"), dnsPart(keyspace, "keyspace name"),
                labelSafeShard(shard).toLowerCase(Locale.ROOT), type.word()), MAX_STATEFULSET_NAME);
    }

    /**
     * A shard name as a label value and name part: a value must start and end with a letter or
     * digit, so an open end of the key range becomes {@code x}: {@code -80} → {@code x-80},
     * {@code 80-} → {@code 80-x}, {@code -} → {@code x-x}; {@code 0} and {@code 40-80} stay.
     */
    public static String labelSafeShard(String shard) {
        String s = shard.startsWith("-") ? "x" + shard : shard;
        return s.endsWith("-") ? s + "x" : s;
    }

    /** Labels every object of this cluster carries. */
    public Map<String, String> labels(String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_NAME, "shardops");
        labels.put(LABEL_INSTANCE, cluster);
        labels.put(LABEL_COMPONENT, component);
        labels.put(LABEL_PART_OF, "shardops");
        labels.put(LABEL_MANAGED_BY, "shardops");
        return labels;
    }

    /** The labels that select one component's pods (the stable subset of {@link #labels}). */
    public Map<String, String> selector(String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_INSTANCE, cluster);
        labels.put(LABEL_COMPONENT, component);
        return labels;
    }

    public Map<String, String> gatewaySelector(String cell) {
        Map<String, String> labels = selector(COMPONENT_GATEWAY);
        labels.put(LABEL_CELL, labelValue(cell, "cell name"));
        return labels;
    }

    /** Selects every tablet pod (and data volume) of a shard in a cell, of both types. */
    public Map<String, String> shardSelector(String cell, String keyspace, String shard) {
        Map<String, String> labels = selector(COMPONENT_TABLET);
        labels.put(LABEL_CELL, labelValue(cell, "cell name"));
        labels.put(LABEL_KEYSPACE, labelValue(keyspace, "keyspace name"));
        labels.put(LABEL_SHARD, labelValue(labelSafeShard(shard), "shard name"));
        return labels;
    }

    public Map<String, String> poolSelector(String cell, String keyspace, String shard, TabletType type) {
        Map<String, String> labels = shardSelector(cell, keyspace, shard);
        labels.put(LABEL_TABLET_TYPE, type.word());
        return labels;
    }

    /** The full label set of a component's objects plus its selector labels. */
    public Map<String, String> labels(String component, Map<String, String> selector) {
        Map<String, String> labels = labels(component);
        labels.putAll(selector);
        return labels;
    }

    /**
     * The first tablet uid of a pool; the pod with ordinal {@code n} is {@code base + n}. Derived
     * from the pool's identity so it is the same on every render and restart, and below 2^32 so
     * it is also a valid MariaDB {@code server_id}. Pools hold fewer than 100 tablets.
     */
    public long tabletUidBase(String cell, String keyspace, String shard, TabletType type) {
        CRC32 crc = new CRC32();
        crc.update(String.join("/", cluster, cell, keyspace, shard, type.word()).getBytes(StandardCharsets.UTF_8));
        // below 2^31: the uid is MariaDB's server_id and a Java int in the tablet's records
        return (crc.getValue() % 20_000_000L + 1) * 100L;
    }

    private static String dnsPart(String name, String what) {
        String part = name.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!DNS_LABEL.matcher(part).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' cannot be part of a Kubernetes name: "
                    + "use lowercase letters, digits, '-' or '_', starting and ending with a letter or digit");
        }
        return part;
    }

    private static String labelValue(String value, String what) {
        if (value.length() > MAX_NAME || !LABEL_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' cannot be a Kubernetes label value: "
                    + "use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
        return value;
    }

    private static String checked(String name, int max) {
        if (name.length() > max) {
            throw new IllegalArgumentException("Kubernetes name '" + name + "' is " + name.length()
                    + " characters, more than the " + max + " allowed: shorten the cluster, cell or keyspace name");
        }
        return name;
    }
}
