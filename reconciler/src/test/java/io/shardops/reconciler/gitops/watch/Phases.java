package io.shardops.reconciler.gitops.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The journey's phase files as a repository would hold one cluster's spec: a folder with cluster.yaml and sql/. */
public final class Phases {
    public static final String SPEC_DIR = "clusters/demo";

    private Phases() {}

    public static Path root() {
        return Path.of(System.getProperty("repo.root", "..")).resolve("examples/phases");
    }

    /** The files of a commit that sets the spec to phase {@code fileName} (e.g. {@code 301_customer_sharded.yaml}). */
    public static Map<String, String> phase(String fileName) {
        try {
            Map<String, String> files = new LinkedHashMap<>();
            files.put(SPEC_DIR + "/cluster.yaml", Files.readString(root().resolve(fileName)));
            try (var sql = Files.list(root().resolve("sql"))) {
                for (Path p : sql.sorted().toList()) {
                    files.put(SPEC_DIR + "/sql/" + p.getFileName(), Files.readString(p));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
