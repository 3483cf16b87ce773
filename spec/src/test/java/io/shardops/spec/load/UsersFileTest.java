package io.shardops.spec.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardops.spec.Auth;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
    @TempDir
    Path tmp;

    private Path spec(String usersFile) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("spec"));
        Files.writeString(dir.resolve("cluster.yaml"), """
                apiVersion: shardops.io/v1
                kind: Cluster
                metadata: {name: demo}
                spec:
                  cells:
                    - name: zone1
                      gateway: {replicas: 1, mysqlPort: 15306, auth: {type: static, usersFile: USERS}}
                  keyspaces:
                    - name: commerce
                      shards: [{name: "0"}]
                      schema: [{sql: "create table product(sku varbinary(128), primary key(sku))"}]
                      vschema: {tables: {product: {}}}
                """.replace("USERS", usersFile));
        return dir;
    }

    @Test
    void theUsersFileIsReadRelativeToTheSpecFileNotTheWorkingDirectory() throws Exception {
        Path dir = spec("secrets/users.json");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/users.json"), "{\"app\": [{\"Password\": \"pa55word\"}]}");
        LoadResult r = SpecLoader.load(dir);
        assertTrue(r.isValid(), r.problems().toString());
        Auth auth = r.cluster().orElseThrow().cells().get(0).gateway().auth();
        assertEquals("{\"app\": [{\"Password\": \"pa55word\"}]}", auth.usersJson());
        assertFalse(auth.toString().contains("pa55word"), "a printed model never shows the passwords");
        assertFalse(r.cluster().orElseThrow().toString().contains("pa55word"));
    }

    @Test
    void aUserNameThatIsNotAnIdentifierIsRefusedWithoutQuotingThePasswords() throws Exception {
        Path dir = spec("users.json");
        Files.writeString(dir.resolve("users.json"), "{\"app'@'%\": \"pa55word\"}");
        LoadResult r = SpecLoader.load(dir);
        assertFalse(r.isValid());
        String out = r.problems().get(0).render();
        assertTrue(out.contains("cluster.yaml:7:") && out.contains("user name"), out);
        assertFalse(out.contains("pa55word"), out);
    }
}
