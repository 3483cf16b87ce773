package io.shardops.reconciler.topo.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import io.shardops.dataplane.process.ProcessStartException;
import io.shardops.reconciler.topo.EtcdTopoStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEtcdIT {
    @TempDir
    Path tmp;

    @Test
    void startsServesAndStopsLeavingNoProcess() throws Exception {
        LocalEtcd etcd = LocalEtcd.start(LocalEtcd.Config.in(tmp));
        try (EtcdTopoStore store = EtcdTopoStore.connect(etcd.endpoint())) {
            store.create("/k", "v");
            assertEquals("v", store.get("/k").orElseThrow().value());
        } finally {
            etcd.stop();
        }
        assertFalse(etcd.process().isAlive());
        assertFalse(FreePorts.inUse(etcd.clientPort()), "client port still open after stop");
    }

    @Test
    void dataSurvivesARestartOnTheSameDataDir() throws Exception {
        LocalEtcd.Config config = LocalEtcd.Config.in(tmp);
        try (LocalEtcd first = LocalEtcd.start(config);
                EtcdTopoStore store = EtcdTopoStore.connect(first.endpoint())) {
            store.create("/kept", "yes");
        }
        try (LocalEtcd second = LocalEtcd.start(config);
                EtcdTopoStore store = EtcdTopoStore.connect(second.endpoint())) {
            assertEquals("yes", store.get("/kept").orElseThrow().value());
        }
    }

    @Test
    void aPortInUseIsRefusedBeforeStarting() throws Exception {
        try (LocalEtcd running = LocalEtcd.start(LocalEtcd.Config.in(tmp.resolve("a")))) {
            LocalEtcd.Config clash = LocalEtcd.Config.in(tmp.resolve("b")).withPorts(running.clientPort(), FreePorts.one());
            IOException e = assertThrows(IOException.class, () -> LocalEtcd.start(clash));
            assertTrue(e.getMessage().contains("127.0.0.1:" + running.clientPort() + " is already in use"), e.getMessage());
        }
    }

    @Test
    void aCrashDuringStartUpIsReportedWithEtcdsOwnWords() throws Exception {
        // a data dir etcd cannot use: a member dir that is a file
        Path dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("member"), "not a directory");
        ProcessStartException e = assertThrows(ProcessStartException.class, () -> LocalEtcd.start(LocalEtcd.Config.in(tmp)));
        assertTrue(e.exitCode().isPresent() && e.exitCode().getAsInt() != 0, e.getMessage());
        assertTrue(e.getMessage().contains("etcd exited with code"), e.getMessage());
        assertFalse(e.logTail().isEmpty(), e.getMessage());
    }
}
