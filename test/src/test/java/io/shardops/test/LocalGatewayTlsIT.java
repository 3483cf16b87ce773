package io.shardops.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.dataplane.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardops up} of a spec whose gateway asks for a self-signed certificate and requires TLS:
 * the CA lands in the state dir with the key readable by its owner only, {@code up} says how to
 * connect, the {@code mysql} client verifying the gateway with that CA gets in over TLS, and a
 * plain login is refused with 3159.
 */
class LocalGatewayTlsIT {
    @TempDir
    static Path tmp;
    static Path stateDir;

    @AfterAll
    static void down() throws Exception {
        if (stateDir != null) {
            LocalClusterUpIT.shardops("down", "--purge", "--state-dir", stateDir.toString());
        }
    }

    @Test
    void aLocalClusterWithSelfSignedRequiredTlsServesVerifiedTlsAndRefusesPlainLogins() throws Exception {
        stateDir = tmp.resolve("state");
        int port = FreePorts.one();
        Path spec = tmp.resolve("tls.yaml");
        Files.writeString(spec, """
                apiVersion: shardops.io/v1
                kind: Cluster
                metadata:
                  name: tlsdemo
                spec:
                  cells:
                    - name: zone1
                      gateway: {replicas: 1, mysqlPort: %d, tls: {selfSigned: true, required: true}}
                  tabletDefaults: {replica: 1, rdonly: 0}
                  keyspaces:
                    - name: commerce
                      shards:
                        - name: "0"
                      schema:
                        - sql: "create table product(sku varbinary(128), price bigint, primary key(sku));"
                      vschema:
                        tables:
                          product: {}
                """.formatted(port));
        LocalClusterUpIT.Run up = LocalClusterUpIT.shardops("up", spec.toString(), "--state-dir", stateDir.toString(), "--auto-approve");
        assertEquals(0, up.exit(), up.out());
        Path ca = stateDir.resolve("tls/gateway/ca.pem");
        assertTrue(up.out().contains("Connect with: mysql -h 127.0.0.1 -P " + port + " --ssl --ssl-verify-server-cert --ssl-ca=" + ca),
                up.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir.resolve("tls/gateway/key.pem"))));

        LocalClusterUpIT.Run tls = LocalClusterUpIT.run(List.of("mysql", "--no-defaults", "-h", "127.0.0.1", "-P", Integer.toString(port),
                "--ssl", "--ssl-verify-server-cert", "--ssl-ca=" + ca, "commerce", "-e",
                "status; insert into product values ('tls', 7); select price from product where sku = 'tls';"), null);
        assertEquals(0, tls.exit(), tls.out());
        assertTrue(tls.out().contains("Cipher in use is"), tls.out());
        assertTrue(tls.out().contains("7"), tls.out());

        LocalClusterUpIT.Run plain = LocalClusterUpIT.run(List.of("mysql", "--no-defaults", "-h", "127.0.0.1", "-P", Integer.toString(port),
                "--skip-ssl", "commerce", "-e", "select 1"), null);
        assertNotEquals(0, plain.exit(), plain.out());
        assertTrue(plain.out().contains("3159"), plain.out());
    }
}
