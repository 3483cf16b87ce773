package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/** Multi-document YAML for {@code kubectl apply -f -}, byte-for-byte the same for the same objects. */
public final class ManifestYaml {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ManifestYaml() {}

    public static String write(List<HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata object : objects) {
            String doc = SERIALIZATION.asYaml(object);
            if (!doc.startsWith("---")) {
                out.append("---\n");
            }
            out.append(doc);
            if (!doc.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Reads what {@link #write} wrote back into typed objects. */
    public static List<HasMetadata> read(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        if (parsed instanceof List<?> list) {
            return list.stream().map(HasMetadata.class::cast).toList();
        }
        return List.of((HasMetadata) parsed);
    }
}
