package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.shardops.spec.TabletType;
import java.util.Map;

/**
 * One tablet pool — the tablets of one type of one shard in one cell — as a StatefulSet: each
 * pod runs a mysqld container (MariaDB) and a tablet container (shardops) side by side, with a
 * data volume from a claim template. Claims outlive the StatefulSet on purpose: only
 * {@code removeShardVolumes} deletes a shard's data.
 */
final class TabletPoolManifest {
    static final int MYSQL_PORT = 3306;
    static final int MANAGER_PORT = 15000;
    /** The tablet's MySQL-protocol port: {@code shardops tablet}'s default, which the command line leaves as is. */
    static final int QUERY_PORT = 15991;
    static final String HEALTH_PATH = "/healthz";
    static final String DATA_VOLUME = "data";
    static final String MYSQLD_RUN_VOLUME = "mysqld-run";
    /** Where both containers see the data volume: the mariadb image's datadir. */
    static final String DATA_DIR = "/var/lib/mysql";
    /**
     * The mariadb image's {@code mysql} user and group. The tablet container runs as it so {@code mariadb-backup} can
     * read the datadir, whose database folders the server creates owner-only ({@code rwx------}).
     */
    static final long MARIADB_UID = 999L;

    private final ManifestContext ctx;

    TabletPoolManifest(ManifestContext ctx) {
        this.ctx = ctx;
    }

    /** The headless Service that gives each tablet pod the DNS name {@code <pod>.<cluster>-tablets.<ns>.svc}. */
    Service tabletsService() {
        Names names = ctx.names();
        return new ServiceBuilder()
                .withMetadata(ctx.meta(names.tabletsService(), names.labels(Names.COMPONENT_TABLET)))
                .withNewSpec()
                    .withClusterIP("None")
                    // replicas must reach a primary's mysqld before the primary's tablet reports ready
                    .withPublishNotReadyAddresses(true)
                    .withSelector(names.selector(Names.COMPONENT_TABLET))
                    .addNewPort().withName("mysql").withPort(MYSQL_PORT).withNewTargetPort("mysql").endPort()
                    .addNewPort().withName("manager").withPort(MANAGER_PORT).withNewTargetPort("manager").endPort()
                .endSpec()
                .build();
    }

    /** The pod's DNS name for ordinal {@code n}, as other tablets and the gateways reach it. */
    String podHost(String pool, int ordinal) {
        return pool + "-" + ordinal + "." + ctx.names().tabletsService() + "." + ctx.namespace() + ".svc";
    }

    StatefulSet pool(String cell, String keyspace, String shard, TabletType type, int replicas) {
        Names names = ctx.names();
        String name = names.tabletPool(cell, keyspace, shard, type);
        Map<String, String> selector = names.poolSelector(cell, keyspace, shard, type);
        Map<String, String> labels = names.labels(Names.COMPONENT_TABLET, selector);
        long uidBase = names.tabletUidBase(cell, keyspace, shard, type);
        // the pod's ordinal is the suffix of its host name: uid = base + ordinal, in both containers
        String uid = "$((" + uidBase + " + ${HOSTNAME##*-}))";
        return new StatefulSetBuilder()
                .withMetadata(ctx.meta(name, labels))
                .editMetadata().addToAnnotations(Names.ANNOTATION_SHARD, shard).endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withServiceName(names.tabletsService())
                    // tablets start independently; a primary is elected among them afterwards
                    .withPodManagementPolicy("Parallel")
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Retain").withWhenScaled("Retain")
                        .endPersistentVolumeClaimRetentionPolicy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).addToAnnotations(Names.ANNOTATION_SHARD, shard).endMetadata()
                        .withNewSpec()
                            .withTerminationGracePeriodSeconds(60L)
                            .addNewVolume().withName(MYSQLD_RUN_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                            .addToVolumes(CredentialsSecret.volume(names), CredentialsSecret.privateVolume())
                            .addToInitContainers(CredentialsSecret.copy(ctx.options().image(), MARIADB_UID))
                            .addToContainers(mysqld(uid), tablet(cell, keyspace, shard, type, uid))
                        .endSpec()
                    .endTemplate()
                    .addToVolumeClaimTemplates(dataClaim(labels))
                .endSpec()
                .build();
    }

    private Container mysqld(String uid) {
        String command = "exec docker-entrypoint.sh mariadbd"
                + " --server-id=" + uid
                + " --log-bin=mysql-bin --log-slave-updates --binlog-format=ROW"
                // a restarted server takes no writes until its tablet, started again, has asked the shard record (fencing)
                + " --read-only=ON"
                + " --bind-address=0.0.0.0 --skip-name-resolve";
        return new ContainerBuilder()
                .withName("mysqld")
                .withImage(ctx.options().mariadbImage())
                .withCommand("sh", "-c", command)
                // root only from inside the pod (loopback), with the cluster's admin password from its Secret;
                // the tablet creates the accounts replication and queries use
                .withEnv(CredentialsSecret.adminPasswordEnv(ctx.names(), "MARIADB_ROOT_PASSWORD"),
                        ManifestContext.env("MARIADB_ROOT_HOST", "127.0.0.1"))
                .addNewPort().withName("mysql").withContainerPort(MYSQL_PORT).endPort()
                .addNewVolumeMount().withName(DATA_VOLUME).withMountPath(DATA_DIR).endVolumeMount()
                .addNewVolumeMount().withName(MYSQLD_RUN_VOLUME).withMountPath("/run/mysqld").endVolumeMount()
                .withResources(ManifestContext.resources(ctx.options().mysqld()))
                .build();
    }

    private Container tablet(String cell, String keyspace, String shard, TabletType type, String uid) {
        String command = "exec " + ManifestContext.SHARDOPS_LAUNCHER + " tablet"
                + " --cluster=" + ctx.names().cluster()
                + " --cell=" + cell
                + " --keyspace=" + keyspace
                + " --shard=" + shard
                + " --type=" + type.word()
                + " --uid=" + uid
                + " " + ctx.topoFlag()
                + " --mysql-host=127.0.0.1 --mysql-port=" + MYSQL_PORT + " --mysql-user=root"
                + " " + CredentialsSecret.flag()
                + " --mysql-datadir=" + DATA_DIR
                + " --port=" + MANAGER_PORT
                + " --hostname=${HOSTNAME}." + ctx.names().tabletsService() + "." + ctx.namespace() + ".svc";
        return CredentialsSecret.mount(new ContainerBuilder())
                .withName("tablet")
                .withImage(ctx.options().image())
                .withCommand("sh", "-c", command)
                // backups: mariadb-backup (in the image, the server's version) reads the datadir as the server's user
                .withNewSecurityContext()
                    .withRunAsUser(MARIADB_UID).withRunAsGroup(MARIADB_UID)
                    .withAllowPrivilegeEscalation(false)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .withEnv(CredentialsSecret.adminPasswordEnv(ctx.names(), "SHARDOPS_MYSQL_PASSWORD"))
                .addNewPort().withName("manager").withContainerPort(MANAGER_PORT).endPort()
                .withNewReadinessProbe()
                    .withNewHttpGet().withPath(HEALTH_PATH).withNewPort("manager").endHttpGet()
                    .withPeriodSeconds(5).withFailureThreshold(3)
                .endReadinessProbe()
                .addNewVolumeMount().withName(MYSQLD_RUN_VOLUME).withMountPath("/run/mysqld").endVolumeMount()
                // read-only: a backup only reads the data files (the tool writes into its scratch folder under /tmp)
                .addNewVolumeMount().withName(DATA_VOLUME).withMountPath(DATA_DIR).withReadOnly(true).endVolumeMount()
                .withResources(ManifestContext.resources(ctx.options().tablet()))
                .build();
    }

    private PersistentVolumeClaim dataClaim(Map<String, String> labels) {
        PersistentVolumeClaimBuilder b = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(DATA_VOLUME).withLabels(labels).endMetadata()
                .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withNewResources().addToRequests("storage", new Quantity(ctx.options().storageSize())).endResources()
                .endSpec();
        if (ctx.options().storageClass() != null) {
            b.editSpec().withStorageClassName(ctx.options().storageClass()).endSpec();
        }
        return b.build();
    }
}
