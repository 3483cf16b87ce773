package io.shardops.reconciler.provision.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Multi-document YAML for {@code kubectl apply -f -}, byte-for-byte the same for the same
 * objects. fabric8 decides the field order and which fields appear (its JSON form); snakeyaml
 * writes that tree plainly, without folding long command lines, so a person can review it.
 */
public final class ManifestYaml {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final DumpSettings DUMP = DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setWidth(Integer.MAX_VALUE)
            .setIndent(2)
            .setIndicatorIndent(0)
            .setExplicitStart(true)
            .build();

    private ManifestYaml() {}

    public static String write(List<HasMetadata> objects) {
        Load load = new Load(LoadSettings.builder().build());
        List<Object> trees = new ArrayList<>(objects.size());
        for (HasMetadata object : objects) {
            // JSON is YAML: the loaded tree keeps fabric8's field order (insertion-ordered maps)
            trees.add(load.loadFromString(SERIALIZATION.asJson(object)));
        }
        Dump dump = new Dump(DUMP);
        StringBuilder out = new StringBuilder();
        for (Object tree : trees) {
            out.append(dump.dumpToString(tree));
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
