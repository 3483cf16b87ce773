package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;

/** What every manifest of one cluster shares: its names, its options and where etcd answers. */
record ManifestContext(Names names, KubernetesOptions options) {

    static final String SHARDOPS_LAUNCHER = "shardops";

    String namespace() {
        return options.namespace();
    }

    ObjectMeta meta(String name, Map<String, String> labels) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace()).withLabels(labels).build();
    }

    /** The client URLs of the topology server, as every gateway, tablet and the reconciler reach it. */
    List<String> etcdEndpoints() {
        if (!options.runsEtcd()) {
            return options.etcdEndpoints();
        }
        return List.of("http://" + names.etcd() + "." + namespace() + ".svc:" + EtcdManifest.CLIENT_PORT);
    }

    String topoFlag() {
        return "--topo=" + String.join(",", etcdEndpoints());
    }

    /** Null (field left out) when nothing is asked, so the node gives what it has. */
    static ResourceRequirements resources(KubernetesOptions.Resources r) {
        if (r.none()) {
            return null;
        }
        ResourceRequirementsBuilder b = new ResourceRequirementsBuilder();
        if (r.cpu() != null) {
            b.addToRequests("cpu", new Quantity(r.cpu()));
        }
        if (r.memory() != null) {
            b.addToRequests("memory", new Quantity(r.memory()));
            b.addToLimits("memory", new Quantity(r.memory()));
        }
        return b.build();
    }

    static EnvVar fieldEnv(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef()
                .withFieldPath(fieldPath).endFieldRef().endValueFrom().build();
    }

    static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
