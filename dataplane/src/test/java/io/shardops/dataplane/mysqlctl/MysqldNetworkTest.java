package io.shardops.dataplane.mysqlctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MysqldNetworkTest {
    @Test
    void loopbackStaysAsBeforeHosts() {
        assertEquals(MysqldNetwork.LOOPBACK, MysqldNetwork.forHost("127.0.0.1"));
        assertEquals(MysqldNetwork.LOOPBACK, MysqldNetwork.forHost("0.0.0.0"));
        assertEquals(List.of("127.0.0.1", "localhost"), MysqldNetwork.LOOPBACK.accountHosts());
        assertTrue(MysqldConfig.forTablet(7, Path.of("/tmp/x"), 3306).serverArgs(Optional.empty()).contains("--bind-address=127.0.0.1"));
    }

    @Test
    void aHostAddressListensThereTooAndAdmitsItsNetworkOnly() {
        MysqldNetwork n = MysqldNetwork.forHost("10.20.30.11");
        assertEquals("10.20.30.0/24", n.peerNetwork());
        assertEquals("127.0.0.1,10.20.30.11", n.bindAddresses());
        assertEquals(List.of("127.0.0.1", "localhost", "10.20.30.0/255.255.255.0"), n.accountHosts());
        assertTrue(MysqldConfig.forTablet(7, Path.of("/tmp/x"), 3306).withNetwork(n).serverArgs(Optional.empty())
                .contains("--bind-address=127.0.0.1,10.20.30.11"));
        List<String> init = MysqlInitFile.statements(MysqlAccounts.generate(), "shop", n.accountHosts());
        assertTrue(init.stream().anyMatch(s -> s.startsWith("CREATE USER IF NOT EXISTS 'shardops'@'10.20.30.0/255.255.255.0' IDENTIFIED BY '")),
                "the admin account on the network has a password: " + init);
        assertTrue(init.stream().noneMatch(s -> s.contains("@'%'")), "no account for any host: " + init);
    }

    @Test
    void netmasksAreWrittenAsMariaDbReadsThem() {
        assertEquals("10.16.0.0/255.240.0.0", MysqldNetwork.mariaDbNetmask("10.20.30.0/12"));
        assertEquals("10.20.30.11/255.255.255.255", MysqldNetwork.mariaDbNetmask("10.20.30.11/32"));
        assertThrows(IllegalArgumentException.class, () -> new MysqldNetwork("10.0.0.1", "10.0.0.0/4"));
        assertThrows(IllegalArgumentException.class, () -> new MysqldNetwork("db.example", null));
    }
}
