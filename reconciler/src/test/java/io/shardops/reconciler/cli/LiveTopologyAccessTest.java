package io.shardops.reconciler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.credentials.ClusterCredentials;
import io.shardops.reconciler.host.local.LocalConfig;
import io.shardops.reconciler.host.local.StateDir;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveTopologyAccessTest {
    @TempDir
    Path stateDir;

    @Test
    void aNodeOfAClusterOverSeveralHostsUsesItsCredentialsForItsEtcdMembers() throws Exception {
        String members = "http://10.0.0.11:2379,http://10.0.0.12:2379,http://10.0.0.13:2379";
        StateDir dir = StateDir.resolve(stateDir);
        new LocalConfig("demo", 2379, 2380, 7000, "10.0.0.14", members, LocalConfig.GATEWAYS).write(dir);
        ClusterCredentials credentials = ClusterCredentials.generate();
        credentials.write(dir.credentialsFile());
        EtcdAccess access = LiveTopology.access(null, stateDir, null);
        assertTrue(access.credentials().isPresent(), "shardops apply --state-dir on such a node must log in to etcd");
        assertEquals(credentials.controlToken(), access.credentials().orElseThrow().controlToken());
    }
}
