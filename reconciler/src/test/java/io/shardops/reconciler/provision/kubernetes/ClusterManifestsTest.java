package io.shardops.reconciler.provision.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClusterManifestsTest {

    @Test
    void phase101RendersAsTheGoldenFileSays() throws Exception {
        String yaml = ManifestYaml.write(ClusterManifests.render(ReferenceClusters.phase101(), KubernetesOptions.DEFAULT));
        Golden.assertMatches("101_initial_cluster.yaml", yaml);
    }

    @Test
    void shardNamesBecomeLabelSafe() {
        assertEquals("x-80", Names.labelSafeShard("-80"));
        assertEquals("80-x", Names.labelSafeShard("80-"));
        assertEquals("40-80", Names.labelSafeShard("40-80"));
        assertEquals("0", Names.labelSafeShard("0"));
        assertEquals("x-x", Names.labelSafeShard("-"));
    }
}
