/**
 * The Kubernetes provisioner: a cluster as Kubernetes objects in one namespace.
 *
 * <p>{@link io.shardops.reconciler.provision.kubernetes.ClusterManifests} computes the objects
 * purely (spec + {@link io.shardops.reconciler.provision.kubernetes.KubernetesOptions} in, fabric8
 * model objects out): a root ConfigMap, etcd (or an external endpoint), a headless Service for
 * tablets, per cell a gateway Deployment and Service, per shard and cell one StatefulSet per tablet
 * type (mysqld and tablet containers, a data volume from a claim template), the failover monitor (with the
 * spec's backup policy as a ConfigMap it schedules), and optionally the reconciler with a namespaced Role.
 * {@link io.shardops.reconciler.provision.kubernetes.KubernetesSpecChecks} refuses what a spec may not say there. {@link io.shardops.reconciler.provision.kubernetes.ManifestYaml}
 * writes them for {@code shardops render}; {@link io.shardops.reconciler.provision.kubernetes.KubernetesProvisioner}
 * applies the same objects, one {@link io.shardops.reconciler.provision.Provisioner} call at a time,
 * with server-side apply and owner references to the root. Names and labels live in
 * {@link io.shardops.reconciler.provision.kubernetes.Names}.
 *
 * <p>What the containers run is a contract with the data plane and the CLI: {@code shardops tablet
 * --cluster --cell --keyspace --shard --type --uid --topo --mysql-host --mysql-port --mysql-user --port
 * --hostname} serving {@code GET /healthz} on its port, {@code shardops gateway --cluster --cell --topo
 * --mysql-port --auth [--users-file]}, {@code shardops failover-monitor --cluster --topo --credentials
 * [--backup-policy]}, and {@code shardops watch ... --provisioner=kubernetes --namespace}.
 */
package io.shardops.reconciler.provision.kubernetes;
