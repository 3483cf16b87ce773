package io.shardops.reconciler.provision.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every rendered object validated against the Kubernetes OpenAPI schemas, as the npm package
 * kubernetes-models compiles them (types, required fields, formats), by the Node script
 * reconciler/src/test/k8s-schema/validate.mjs. Needs node and npm (installs the package on first
 * run); where they are missing the test is reported as skipped with the reason, never passed.
 */
class KubernetesSchemaTest {
    static final Path DIR = RenderedPhases.repoRoot().resolve("reconciler/src/test/k8s-schema");

    @Test
    void everyRenderedObjectValidatesAgainstTheKubernetesOpenApiSchemas() throws Exception {
        assumeValidatorInstalled();
        List<HasMetadata> objects = RenderedPhases.all();
        String json = new KubernetesSerialization().asJson(objects);
        Result check = run(List.of("node", "validate.mjs"), json, 120);
        assertEquals(0, check.exitCode, check.output);
        assertTrue(check.output.contains("validated " + objects.size() + " objects, 0 invalid"), check.output);
    }

    @Test
    void theValidatorRejectsAnObjectTheSchemaForbids() throws Exception {
        assumeValidatorInstalled();
        String json = "[{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"x\"},"
                + "\"spec\":{\"replicas\":\"two\",\"selector\":{},\"serviceName\":\"x\",\"template\":{\"spec\":{\"containers\":[{\"image\":\"i\"}]}}}}]";
        Result check = run(List.of("node", "validate.mjs"), json, 120);
        assertEquals(1, check.exitCode, check.output);
        assertTrue(check.output.contains("spec/replicas must be integer"), check.output);
        assertTrue(check.output.contains("must have required property name"), check.output);
    }

    private static void assumeValidatorInstalled() throws IOException, InterruptedException {
        assumeTrue(run(List.of("node", "--version"), null, 30).exitCode == 0, "node is not on PATH: cannot run the OpenAPI schema validation");
        if (!Files.isDirectory(DIR.resolve("node_modules/kubernetes-models"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), null, 300);
            assumeTrue(install.exitCode == 0, "npm ci in " + DIR + " failed, schemas unavailable: " + tail(install.output));
        }
    }

    record Result(int exitCode, String output) {}

    private static Result run(List<String> command, String stdin, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        Path log = Files.createTempFile("k8s-schema", ".log");
        pb.redirectOutput(log.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            Files.deleteIfExists(log);
            return new Result(-1, e.getMessage());
        }
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        Files.deleteIfExists(log);
        return new Result(done ? p.exitValue() : -1, output);
    }

    private static String tail(String s) {
        return s.length() <= 400 ? s : s.substring(s.length() - 400);
    }
}
